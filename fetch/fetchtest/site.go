// Package fetchtest is a fake TOP doc site (open.taobao.com) for tests: an
// httptest server on loopback that serves the catalogue and the documents in
// the site's real envelopes, checks the _tb_token_ on every call, and injects
// the failures seen in the wild. Use it to test anything that downloads docs,
// as top/toptest is used to test clients of the TOP gateway.
package fetchtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Doc is one API document: the getDocument.json data object.
type Doc struct {
	// ID is the docId the catalogue lists and getDocument.json takes.
	ID int64
	// Method is the API method name (the data object's "name").
	Method string
	// Title is the catalogue's subName (the data object's "apiChineseName").
	Title string
	// Data is the data object, as served.
	Data json.RawMessage
}

// Category is one catalogue category and its documents, in catalogue order.
type Category struct {
	// ID is the category id (catelogTrees[].id).
	ID int64
	// Name is the category's display name.
	Name string
	// Folder is the folder the corpus keeps the category in (not served; a
	// convenience for tests that map category ids to folder names).
	Folder string
	// Docs are the category's documents.
	Docs []*Doc
}

// NewDoc makes a Doc from a data object, reading its id, name and
// apiChineseName. The id may be overridden by id > 0.
func NewDoc(id int64, data []byte) (*Doc, error) {
	var head struct {
		ID    json.Number `json:"id"`
		Name  string      `json:"name"`
		Title string      `json:"apiChineseName"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&head); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if head.Name == "" {
		return nil, fmt.Errorf("document has no \"name\"")
	}
	if id <= 0 {
		n, err := strconv.ParseInt(string(head.ID), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("document %s has no numeric \"id\"; pass one", head.Name)
		}
		id = n
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		return nil, fmt.Errorf("document %s: %w", head.Name, err)
	}
	return &Doc{ID: id, Method: head.Name, Title: head.Title, Data: compact.Bytes()}, nil
}

// LoadCorpus reads a corpus laid out as <dir>/<folder>/catelog.json
// ({"name","pkg","id"}) beside one data object per API (hidden files are
// skipped). Categories come in
// folder order, documents in file name order.
func LoadCorpus(dir string) ([]*Category, error) {
	cats, err := filepath.Glob(filepath.Join(dir, "*", "catelog.json"))
	if err != nil {
		return nil, err
	}
	if len(cats) == 0 {
		return nil, fmt.Errorf("%s: no <folder>/catelog.json found", dir)
	}
	sort.Strings(cats)
	var out []*Category
	for _, c := range cats {
		data, err := os.ReadFile(c)
		if err != nil {
			return nil, err
		}
		var cat struct {
			Name string `json:"name"`
			ID   int64  `json:"id"`
		}
		if err := json.Unmarshal(data, &cat); err != nil {
			return nil, fmt.Errorf("%s: %w", c, err)
		}
		folder := filepath.Dir(c)
		cg := &Category{ID: cat.ID, Name: cat.Name, Folder: filepath.Base(folder)}
		files, err := filepath.Glob(filepath.Join(folder, "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			if b := filepath.Base(f); b == "catelog.json" || strings.HasPrefix(b, ".") {
				continue // the category record, or a hidden file (the corpus has empty stubs named .json)
			}
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			d, err := NewDoc(0, data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			cg.Docs = append(cg.Docs, d)
		}
		out = append(out, cg)
	}
	return out, nil
}

// Target says which endpoint a fault applies to.
type Target string

// The endpoints of the site.
const (
	AnyEndpoint Target = ""
	DocCenter   Target = "docCenter"
	Catalogue   Target = "catalogue"
	Document    Target = "document"
)

// FaultKind is a failure the site can inject.
type FaultKind int

// The failures seen in the wild.
const (
	// ExpireToken invalidates the current token before answering, so the
	// call gets {"success":false,"errMsg":"页面已过期"}.
	ExpireToken FaultKind = iota + 1
	// AntiBotJSON answers HTTP 200 {"ret":["FAIL_SYS_USER_VALIDATE",…],"data":{"url":…}}.
	AntiBotJSON
	// AntiBotHTML answers HTTP 200 with a captcha HTML page.
	AntiBotHTML
	// TooManyRequests answers HTTP 429 with Retry-After: 1.
	TooManyRequests
	// Unavailable answers HTTP 503.
	Unavailable
	// Truncated answers the real body cut in half.
	Truncated
	// Slow waits Fault.Delay before answering normally.
	Slow
	// Drop closes the connection without an answer (a network error).
	Drop
)

// Fault is one injected failure. It applies to the next Times calls (at
// least one) that match Target and, for documents, Method ("" any).
type Fault struct {
	Kind   FaultKind
	Target Target
	Method string
	Times  int
	Delay  time.Duration
}

// Counts are the requests the site answered, by endpoint.
type Counts struct {
	DocCenter, Catalogue, Document, Other int
}

// Total is the number of requests of every kind.
func (c Counts) Total() int { return c.DocCenter + c.Catalogue + c.Document + c.Other }

// Site is a running fake doc site. Its methods are safe for concurrent use.
type Site struct {
	// URL is the site's base URL, e.g. http://127.0.0.1:41234 (pass it as -site).
	URL string

	srv    *httptest.Server
	mu     sync.Mutex
	cats   []*Category
	token  string
	tokens int
	down   bool
	faults []*Fault
	counts Counts
}

// New starts a site serving cats on loopback. Close it when done.
func New(cats []*Category) *Site {
	s := &Site{}
	for _, c := range cats {
		cc := *c
		cc.Docs = append([]*Doc(nil), c.Docs...)
		s.cats = append(s.cats, &cc)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close shuts the site down.
func (s *Site) Close() { s.srv.Close() }

// Inject queues a fault.
func (s *Site) Inject(f Fault) {
	if f.Times < 1 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SetDown makes every request fail with a dropped connection (an outage)
// until called with false.
func (s *Site) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// ExpireToken invalidates the token handed out last.
func (s *Site) ExpireToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = ""
}

// Counts returns the requests answered so far.
func (s *Site) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// Categories returns a copy of the catalogue as served now.
func (s *Site) Categories() []*Category {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Category, len(s.cats))
	for i, c := range s.cats {
		cc := *c
		cc.Docs = append([]*Doc(nil), c.Docs...)
		out[i] = &cc
	}
	return out
}

// Folders maps each category id to its corpus folder name.
func (s *Site) Folders() map[int64]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[int64]string{}
	for _, c := range s.cats {
		if c.Folder != "" {
			m[c.ID] = c.Folder
		}
	}
	return m
}

// Put adds a document to category cat (a new API) or replaces the document
// with the same method (a changed doc). It adds the category if needed.
func (s *Site) Put(cat Category, d *Doc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cats {
		for i, x := range c.Docs {
			if x.Method == d.Method {
				c.Docs[i] = d
				return
			}
		}
	}
	for _, c := range s.cats {
		if c.ID == cat.ID {
			c.Docs = append(c.Docs, d)
			return
		}
	}
	cat.Docs = []*Doc{d}
	s.cats = append(s.cats, &cat)
}

// Withdraw removes a method from the catalogue (its docId then answers as
// not found). It reports whether the method was listed.
func (s *Site) Withdraw(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cats {
		for i, x := range c.Docs {
			if x.Method == method {
				c.Docs = append(c.Docs[:i:i], c.Docs[i+1:]...)
				return true
			}
		}
	}
	return false
}

// TokenCookie is the cookie /docCenter sets.
const TokenCookie = "_tb_token_"

// ExpiredMessage is the errMsg of a call with a missing or expired token.
const ExpiredMessage = "页面已过期"

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	target := Target("")
	switch r.URL.Path {
	case "/docCenter":
		target = DocCenter
	case "/handler/document/getApiCatelogConfig.json":
		target = Catalogue
	case "/handler/document/getDocument.json":
		target = Document
	}
	method := ""
	s.mu.Lock()
	switch target {
	case DocCenter:
		s.counts.DocCenter++
	case Catalogue:
		s.counts.Catalogue++
	case Document:
		s.counts.Document++
		if id, err := strconv.ParseInt(r.URL.Query().Get("docId"), 10, 64); err == nil {
			if d := s.doc(id); d != nil {
				method = d.Method
			}
		}
	default:
		s.counts.Other++
	}
	down := s.down
	f := s.takeFault(target, method)
	if f != nil && f.Kind == ExpireToken {
		s.token = ""
	}
	s.mu.Unlock()
	if down {
		drop(w)
		return
	}
	var delay time.Duration
	if f != nil {
		switch f.Kind {
		case AntiBotJSON:
			writeJSON(w, `{"ret":["FAIL_SYS_USER_VALIDATE","RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试"],"data":{"url":"https://login.taobao.com/punish?x5secdata=fake&x5step=1"}}`)
			return
		case AntiBotHTML:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>验证码拦截</title></head><body><div id="nocaptcha"></div><script>window._config_={"action":"captcha","url":"/punish?x5secdata=fake"}</script></body></html>`)
			return
		case TooManyRequests:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
			return
		case Unavailable:
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			return
		case Drop:
			drop(w)
			return
		case Slow:
			delay = f.Delay
		}
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	var body []byte
	switch target {
	case DocCenter:
		s.mu.Lock()
		s.tokens++
		s.token = fmt.Sprintf("tok%04x%08x", s.tokens, time.Now().UnixNano()&0xffffffff)
		tok := s.token
		s.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: tok, Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>文档中心</title></head><body></body></html>")
		return
	case Catalogue, Document:
		if !s.tokenOK(r) {
			body = []byte(`{"success":false,"errCode":"PAGE_EXPIRED","errMsg":"` + ExpiredMessage + `","data":null}`)
			break
		}
		if target == Catalogue {
			body = s.catalogue(r)
		} else {
			body = s.document(r)
		}
	default:
		http.NotFound(w, r)
		return
	}
	if f != nil && f.Kind == Truncated {
		body = body[:len(body)/2]
	}
	writeJSON(w, string(body))
}

// takeFault pops the first fault matching target and method. s.mu is held.
func (s *Site) takeFault(target Target, method string) *Fault {
	for i, f := range s.faults {
		if f.Target != AnyEndpoint && f.Target != target {
			continue
		}
		if f.Method != "" && f.Method != method {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// tokenOK checks the token both as the query parameter and as the cookie.
func (s *Site) tokenOK(r *http.Request) bool {
	s.mu.Lock()
	tok := s.token
	s.mu.Unlock()
	if tok == "" || r.URL.Query().Get(TokenCookie) != tok {
		return false
	}
	c, err := r.Cookie(TokenCookie)
	return err == nil && c.Value == tok
}

// doc finds a listed document by id. s.mu is held.
func (s *Site) doc(id int64) *Doc {
	for _, c := range s.cats {
		for _, d := range c.Docs {
			if d.ID == id {
				return d
			}
		}
	}
	return nil
}

func (s *Site) catalogue(r *http.Request) []byte {
	type entry struct {
		ID      int64  `json:"id"`
		DocID   int64  `json:"docId"`
		DocType int    `json:"docType"`
		Name    string `json:"name"`
		SubName string `json:"subName"`
	}
	type tree struct {
		ID          int64   `json:"id"`
		Name        string  `json:"name"`
		CatelogList []entry `json:"catelogList"`
	}
	type group struct {
		ID           int64  `json:"id"`
		Name         string `json:"name"`
		CatelogTrees []tree `json:"catelogTrees"`
	}
	var env struct {
		Success bool `json:"success"`
		Data    struct {
			ID             int64   `json:"id"`
			Name           string  `json:"name"`
			TreeCategories []group `json:"treeCategories"`
		} `json:"data"`
	}
	env.Success = true
	env.Data.ID = 285
	env.Data.Name = "API文档"
	g := group{ID: 1, Name: "全部"}
	s.mu.Lock()
	for _, c := range s.cats {
		t := tree{ID: c.ID, Name: c.Name, CatelogList: []entry{}}
		for _, d := range c.Docs {
			t.CatelogList = append(t.CatelogList, entry{ID: d.ID + 1_000_000, DocID: d.ID, DocType: 2, Name: d.Method, SubName: d.Title})
		}
		g.CatelogTrees = append(g.CatelogTrees, t)
	}
	s.mu.Unlock()
	env.Data.TreeCategories = []group{g}
	out, _ := json.Marshal(env)
	return out
}

func (s *Site) document(r *http.Request) []byte {
	id, err := strconv.ParseInt(r.URL.Query().Get("docId"), 10, 64)
	s.mu.Lock()
	var d *Doc
	if err == nil {
		d = s.doc(id)
	}
	s.mu.Unlock()
	if d == nil {
		return []byte(`{"success":false,"errCode":"DOC_NOT_FOUND","errMsg":"文档不存在","data":null}`)
	}
	var b strings.Builder
	b.WriteString(`{"success":true,"data":`)
	b.Write(d.Data)
	b.WriteString(`}`)
	return []byte(b.String())
}

func writeJSON(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	fmt.Fprint(w, body)
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
