// Package toptest runs a fake TOP gateway on loopback for tests: it checks
// each request's signature with an implementation of its own, records the
// parameters it received, and answers with a body the test chooses.
package toptest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Request is what the gateway received in one call.
type Request struct {
	// Params are the text parameters from the query and the body, merged.
	Params map[string]string
	// Files are the multipart file parts: field name → content.
	Files map[string][]byte
	// FileNames are the multipart file parts' file names.
	FileNames map[string]string
	// ContentType is the request's media type.
	ContentType string
	// SignOK reports whether the signature matched.
	SignOK bool
}

// Responder chooses the answer to a request: content type and body.
type Responder func(r *Request) (contentType string, body []byte)

// Gateway is a fake TOP gateway.
type Gateway struct {
	// URL is the gateway's address, for top.WithGateway.
	URL string

	secret  string
	server  *httptest.Server
	mu      sync.Mutex
	respond Responder
	reqs    []*Request
}

// New starts a gateway that verifies signatures with secret. Close it when done.
func New(secret string, respond Responder) *Gateway {
	g := &Gateway{secret: secret, respond: respond}
	g.server = httptest.NewServer(http.HandlerFunc(g.serve))
	g.URL = g.server.URL + "/router/rest"
	return g
}

// Close stops the gateway.
func (g *Gateway) Close() { g.server.Close() }

// SetResponder replaces the answer function.
func (g *Gateway) SetResponder(r Responder) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.respond = r
}

// Requests returns the requests received so far.
func (g *Gateway) Requests() []*Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*Request(nil), g.reqs...)
}

// Last returns the last request received, or nil.
func (g *Gateway) Last() *Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.reqs) == 0 {
		return nil
	}
	return g.reqs[len(g.reqs)-1]
}

func (g *Gateway) serve(w http.ResponseWriter, hr *http.Request) {
	req, err := readRequest(hr)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req.SignOK = Sign(req.Params, g.secret, req.Params["sign_method"]) == req.Params["sign"]
	g.mu.Lock()
	g.reqs = append(g.reqs, req)
	respond := g.respond
	g.mu.Unlock()
	ct, body := "application/json;charset=UTF-8", []byte(`{"error_response":{"code":25,"msg":"Invalid signature"}}`)
	if req.SignOK && respond != nil {
		ct, body = respond(req)
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(body)
}

func readRequest(hr *http.Request) (*Request, error) {
	req := &Request{Params: map[string]string{}, Files: map[string][]byte{}, FileNames: map[string]string{}}
	mt, _, _ := mime.ParseMediaType(hr.Header.Get("Content-Type"))
	req.ContentType = mt
	add := func(vs url.Values) error {
		for k, v := range vs {
			if len(v) != 1 {
				return fmt.Errorf("parameter %q sent %d times", k, len(v))
			}
			if _, dup := req.Params[k]; dup {
				return fmt.Errorf("parameter %q sent twice", k)
			}
			req.Params[k] = v[0]
		}
		return nil
	}
	if err := add(hr.URL.Query()); err != nil {
		return nil, err
	}
	switch mt {
	case "multipart/form-data":
		if err := hr.ParseMultipartForm(32 << 20); err != nil {
			return nil, err
		}
		if err := add(url.Values(hr.MultipartForm.Value)); err != nil {
			return nil, err
		}
		for name, fhs := range hr.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			req.Files[name] = b
			req.FileNames[name] = fhs[0].Filename
		}
	default:
		body, err := io.ReadAll(hr.Body)
		if err != nil {
			return nil, err
		}
		vs, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		if err := add(vs); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// Sign computes a TOP signature as the official SDKs do: every parameter but
// sign, blank values dropped, keys sorted, key+value concatenated; md5 wraps
// the string in the secret, hmac and hmac-sha256 key the MAC with it.
func Sign(params map[string]string, secret, method string) string {
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if k != "sign" && strings.TrimSpace(v) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params[k])
	}
	var h hash.Hash
	switch method {
	case "hmac":
		h = hmac.New(md5.New, []byte(secret))
	case "hmac-sha256":
		h = hmac.New(sha256.New, []byte(secret))
	default:
		h = md5.New()
		b.WriteString(secret)
		h.Write([]byte(secret))
	}
	h.Write([]byte(b.String()))
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
}
