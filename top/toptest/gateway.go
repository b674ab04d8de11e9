// Package toptest runs a fake TOP gateway on loopback for tests: it checks
// each request's signature with an implementation of its own and its HTTP
// layout against the official Java SDK's (system parameters in the URL
// query, business parameters in the body, the SDK's content types), records
// the parameters it received, and answers with a body the test chooses. A
// request with a layout problem is answered with HTTP 400 and the problems.
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
	// FileTypes are the multipart file parts' content types.
	FileTypes map[string]string
	// ContentType is the request's media type.
	ContentType string
	// SignOK reports whether the signature matched.
	SignOK bool
	// Layout lists where the request differs from the Java SDK's HTTP
	// layout (empty when it matches).
	Layout []string
}

// IsSystemParam reports the parameters the Java SDK sends in the URL
// query; all others travel in the body.
func IsSystemParam(k string) bool {
	switch k {
	case "method", "app_key", "session", "timestamp", "v", "sign_method", "sign", "format", "simplify", "partner_id", "target_app_key":
		return true
	}
	return false
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
	if len(req.Layout) > 0 {
		sort.Strings(req.Layout)
		http.Error(w, "not the Java SDK's HTTP layout: "+strings.Join(req.Layout, "; "), http.StatusBadRequest)
		return
	}
	ct, body := "application/json;charset=UTF-8", []byte(`{"error_response":{"code":25,"msg":"Invalid signature"}}`)
	if req.SignOK && respond != nil {
		ct, body = respond(req)
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(body)
}

func readRequest(hr *http.Request) (*Request, error) {
	req := &Request{Params: map[string]string{}, Files: map[string][]byte{}, FileNames: map[string]string{}, FileTypes: map[string]string{}}
	ctHeader := hr.Header.Get("Content-Type")
	mt, ctParams, _ := mime.ParseMediaType(ctHeader)
	req.ContentType = mt
	bad := func(format string, args ...any) { req.Layout = append(req.Layout, fmt.Sprintf(format, args...)) }
	add := func(vs url.Values, inQuery bool) error {
		for k, v := range vs {
			if len(v) != 1 {
				return fmt.Errorf("parameter %q sent %d times", k, len(v))
			}
			if _, dup := req.Params[k]; dup {
				return fmt.Errorf("parameter %q sent twice", k)
			}
			switch {
			case inQuery && !IsSystemParam(k):
				bad("business parameter %q in the URL query", k)
			case !inQuery && IsSystemParam(k):
				bad("system parameter %q in the body", k)
			}
			req.Params[k] = v[0]
		}
		return nil
	}
	if err := add(hr.URL.Query(), true); err != nil {
		return nil, err
	}
	if !strings.EqualFold(ctParams["charset"], "UTF-8") {
		bad("Content-Type %q has no charset=UTF-8", ctHeader)
	}
	switch mt {
	case "multipart/form-data":
		mr, err := hr.MultipartReader()
		if err != nil {
			return nil, err
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(part)
			if err != nil {
				return nil, err
			}
			name, pct := part.FormName(), part.Header.Get("Content-Type")
			if part.FileName() == "" {
				if pct != "text/plain;charset=UTF-8" {
					bad("text part %q has Content-Type %q, want text/plain;charset=UTF-8", name, pct)
				}
				if err := add(url.Values{name: {string(b)}}, false); err != nil {
					return nil, err
				}
				continue
			}
			if _, _, err := mime.ParseMediaType(pct); err != nil {
				bad("file part %q has Content-Type %q", name, pct)
			}
			req.Files[name] = b
			req.FileNames[name] = part.FileName()
			req.FileTypes[name] = pct
		}
	case "application/x-www-form-urlencoded":
		body, err := io.ReadAll(hr.Body)
		if err != nil {
			return nil, err
		}
		vs, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		if err := add(vs, false); err != nil {
			return nil, err
		}
	default:
		bad("Content-Type %q is neither a form nor multipart", ctHeader)
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
