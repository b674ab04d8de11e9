package top

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Gateways.
const (
	ProductionGateway = "https://eco.taobao.com/router/rest"       // default
	SandboxGateway    = "https://gw.api.tbsandbox.com/router/rest" // sandbox environment
)

// Format is the value of the format system parameter.
type Format string

// Response formats.
const (
	FormatJSON Format = "json" // default
	FormatXML  Format = "xml"  // XML responses
)

// APIVersion is the value of the v system parameter.
const APIVersion = "2.0"

// DefaultMaxBodySize is the default cap on response body size (10 MiB).
const DefaultMaxBodySize int64 = 10 << 20

// FormContentType is the content type of non-multipart request bodies.
const FormContentType = "application/x-www-form-urlencoded;charset=UTF-8"

// ErrSessionRequired is returned (wrapped) by Do when the API needs a
// session and none was given with WithSession.
var ErrSessionRequired = errors.New("the API needs a user session: pass top.WithSession")

// ErrResponseTooLarge is returned (wrapped) when a response body exceeds
// the configured maximum size.
var ErrResponseTooLarge = errors.New("response body too large")

// DefaultBackoff is the first wait between attempts when
// RetryPolicy.Backoff is not positive, so that retries never spin.
const DefaultBackoff = 100 * time.Millisecond

// ErrRedirect is returned (wrapped) when the gateway redirects to another
// host or from https to http: the query holds the session and the sign,
// so the client does not follow.
var ErrRedirect = errors.New("redirect to another host refused")

// RetryPolicy configures retries. Only transport errors and TOP errors whose
// sub_code starts with "isp." are retried; "isv." errors never are. Each
// attempt is signed again with a fresh timestamp.
// MaxAttempts counts all attempts (<= 1 disables retries); the wait before
// attempt n+1 is Backoff * 2^(n-1), capped at one hour (a Backoff <= 0 is
// DefaultBackoff). With WaitBan > 0, a *LimitError (error 7) whose ban
// lasts at most WaitBan is waited out and the call tried again.
type RetryPolicy struct {
	MaxAttempts int
	Backoff     time.Duration
	WaitBan     time.Duration
}

// Client calls the TOP gateway. It is safe for concurrent use and must not
// be copied after first use. Create it with NewClient.
//
// The HTTP layout is the Java SDK's: the system parameters (method,
// app_key, session, timestamp, v, sign_method, sign, format, simplify,
// partner_id, target_app_key) go in the URL query, the business
// parameters in the POST body, application/x-www-form-urlencoded or
// multipart/form-data when the request has file parameters.
type Client struct {
	appKey     string
	secret     string
	gateway    string
	gwURL      *url.URL // gateway, parsed once (nil when invalid)
	gwErr      error    // error parsing gateway
	httpClient *http.Client
	signMethod SignMethod
	format     Format
	simplify   bool
	partnerID  string
	maxBody    int64
	retry      RetryPolicy
	now        func() time.Time

	formCT       []string // shared, never mutated
	interceptors []Interceptor

	encs     sync.Map // reflect.Type -> *jsonEnc (request objects)
	dplans   sync.Map // reflect.Type -> *decPlan (response decoding)
	paramBuf sync.Pool
	readBuf  sync.Pool
}

// String describes the client without its secret, so that printing a
// client (fmt's %v and %+v) never leaks it.
func (c *Client) String() string {
	return "top.Client{app_key: " + c.appKey + ", gateway: " + c.gateway + ", secret: <hidden>}"
}

// GoString is String, for fmt's %#v.
func (c *Client) GoString() string { return c.String() }

// Option configures a Client.
type Option func(*Client)

// WithGateway sets the gateway URL (default ProductionGateway).
func WithGateway(url string) Option { return func(c *Client) { c.gateway = url } }

// WithHTTPClient sets the HTTP client used for calls.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithSignMethod sets the signature method (default SignMD5).
func WithSignMethod(m SignMethod) Option { return func(c *Client) { c.signMethod = m } }

// WithFormat sets the response format (default FormatJSON).
func WithFormat(f Format) Option { return func(c *Client) { c.format = f } }

// WithSimplify sets the simplify system parameter (JSON without wrappers).
func WithSimplify(b bool) Option { return func(c *Client) { c.simplify = b } }

// WithPartnerID sets the partner_id system parameter.
func WithPartnerID(id string) Option { return func(c *Client) { c.partnerID = id } }

// WithMaxBodySize caps response bodies (default DefaultMaxBodySize);
// larger bodies yield an error wrapping ErrResponseTooLarge.
func WithMaxBodySize(n int64) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithRetry enables retries (off by default).
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithClock sets the clock used for the timestamp parameter (for tests).
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// Invocation describes one call to interceptors.
type Invocation struct {
	Method    string  // API method
	Request   Request // the request (may be nil)
	Response  any     // where the response is decoded
	Attempts  int     // HTTP exchanges made so far
	RequestID string  // request_id of the last response, when it had one
}

// Interceptor wraps every call of a Client: it may look at inv, must call
// next to proceed (the next interceptor, then the call itself) and may
// look at the outcome, e.g. to log, count or trace calls. It never sees
// the secret; the session and the sign are not in inv.
type Interceptor func(ctx context.Context, inv *Invocation, next func(context.Context) error) error

// WithInterceptor adds an interceptor; the first added runs outermost.
func WithInterceptor(i Interceptor) Option {
	return func(c *Client) {
		if i != nil {
			c.interceptors = append(c.interceptors, i)
		}
	}
}

// NewClient returns a Client for the given app credentials.
func NewClient(appKey, appSecret string, opts ...Option) *Client {
	c := &Client{
		appKey:     appKey,
		secret:     appSecret,
		gateway:    ProductionGateway,
		signMethod: SignMD5,
		format:     FormatJSON,
		maxBody:    DefaultMaxBodySize,
		now:        time.Now,
		formCT:     []string{FormContentType},
	}
	for _, o := range opts {
		o(c)
	}
	if c.httpClient == nil {
		c.httpClient = defaultHTTPClient()
	}
	c.httpClient = sameHostRedirects(c.httpClient)
	// Parse the gateway once, as http.NewRequest would on every call.
	if u, err := url.Parse(c.gateway); err != nil {
		c.gwErr = err
	} else {
		u.Host = removeEmptyPort(u.Host)
		c.gwURL = u
	}
	return c
}

func defaultHTTPClient() *http.Client {
	tr := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}
}

// sameHostRedirects returns a copy of hc that refuses redirects to another
// host or scheme (the caller's client is not modified).
func sameHostRedirects(hc *http.Client) *http.Client {
	cp := *hc
	prev := hc.CheckRedirect
	cp.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if u := via[0].URL; r.URL.Host != u.Host || r.URL.Scheme != u.Scheme {
			return fmt.Errorf("%w: %s://%s", ErrRedirect, r.URL.Scheme, r.URL.Host)
		}
		if prev != nil {
			return prev(r, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// AppKey returns the client's app key.
func (c *Client) AppKey() string { return c.appKey }

// Call identifies an API.
type Call struct {
	Method  string // e.g. "alibaba.nlife.b2c.trade.pay"
	Session bool   // the API requires a user session
}

// Request is implemented by generated request structs: Validate checks
// the documented limits and rules, EncodeParams adds the business
// parameters (called only when Validate passed).
type Request interface {
	Validate() error
	EncodeParams(p *Params)
}

type extraParam struct{ key, value string }

type callOptions struct {
	session      string
	targetAppKey string
	format       Format
	simplify     bool
	retry        RetryPolicy
	extra        []extraParam
}

// CallOption configures one call.
type CallOption func(*callOptions)

// WithSession sets the session (access token) of the call.
func WithSession(session string) CallOption {
	return func(o *callOptions) { o.session = session }
}

// WithTargetAppKey sets the target_app_key system parameter.
func WithTargetAppKey(appKey string) CallOption {
	return func(o *callOptions) { o.targetAppKey = appKey }
}

// WithCallFormat overrides the response format for one call.
func WithCallFormat(f Format) CallOption { return func(o *callOptions) { o.format = f } }

// WithCallSimplify overrides the simplify parameter for one call.
func WithCallSimplify(b bool) CallOption { return func(o *callOptions) { o.simplify = b } }

// WithCallRetry overrides the retry policy for one call.
func WithCallRetry(p RetryPolicy) CallOption { return func(o *callOptions) { o.retry = p } }

// WithParam adds an extra (signed) business parameter to one call; blank
// values are dropped. System parameter names (method, app_key, session,
// timestamp, v, sign_method, sign, format, simplify, partner_id,
// target_app_key) are refused.
func WithParam(key, value string) CallOption {
	return func(o *callOptions) { o.extra = append(o.extra, extraParam{key, value}) }
}

// Do validates req, builds and signs the parameters, POSTs them to the
// gateway and decodes the response into resp (a pointer to the response
// struct; nil to ignore the body), through the interceptors. TOP errors
// are returned as *Error (*LimitError for error 7).
func (c *Client) Do(ctx context.Context, call Call, req Request, resp any, opts ...CallOption) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(c.interceptors) == 0 {
		return c.do(ctx, call, req, resp, nil, opts)
	}
	inv := &Invocation{Method: call.Method, Request: req, Response: resp}
	h := func(ctx context.Context) error { return c.do(ctx, call, req, resp, inv, opts) }
	for i := len(c.interceptors) - 1; i >= 0; i-- {
		ic, next := c.interceptors[i], h
		h = func(ctx context.Context) error { return ic(ctx, inv, next) }
	}
	return h(ctx)
}

func (c *Client) do(ctx context.Context, call Call, req Request, resp any, inv *Invocation, opts []CallOption) error {
	if call.Method == "" {
		return errors.New("top: empty API method")
	}
	if req != nil {
		if rv := reflect.ValueOf(req); rv.Kind() == reflect.Pointer && rv.IsNil() {
			req, _ = reflect.New(rv.Type().Elem()).Interface().(Request) // validated as the zero value
		}
	}
	if req != nil {
		if err := req.Validate(); err != nil {
			return err
		}
	}
	ps := c.getParamSet()
	defer c.putParamSet(ps)
	o := &ps.opts // pooled: the options would otherwise escape
	*o = callOptions{format: c.format, simplify: c.simplify, retry: c.retry, extra: o.extra[:0]}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if call.Session && IsBlank(o.session) {
		return fmt.Errorf("top: %s: %w", call.Method, ErrSessionRequired)
	}
	if o.format == "" {
		o.format = FormatJSON
	}

	// System parameters in key order (cheaper sorting).
	ps.sysString("app_key", c.appKey)
	ps.sysString("format", string(o.format))
	ps.sysString("method", call.Method)
	ps.sysString("partner_id", c.partnerID)
	ps.sysString("session", o.session)
	ps.sysString("sign_method", string(c.signMethod))
	if o.simplify {
		ps.sysString("simplify", "true")
	}
	ps.sysString("target_app_key", o.targetAppKey)
	tsOff := len(ps.arena)
	ps.arena = appendTime(ps.arena, c.now())
	ps.addArena("timestamp", tsOff)
	ps.ps[len(ps.ps)-1].sys = true
	ps.sysString("v", APIVersion)
	for _, e := range o.extra {
		if isSystemParam(e.key) {
			return fmt.Errorf("top: %s: WithParam(%q): a system parameter is set by the client, never by WithParam", call.Method, e.key)
		}
		ps.addString(e.key, e.value)
	}
	if req != nil {
		ps.encs = &c.encs
		req.EncodeParams(ps)
		if ps.err != nil {
			return fmt.Errorf("top: %s: %w", call.Method, ps.err)
		}
	}
	ps.sort()
	if k, dup := ps.duplicate(); dup {
		return fmt.Errorf("top: %s: parameter %q is set twice (a WithParam or a request field overlaps a system or request parameter)", call.Method, k)
	}

	var multi []byte // multipart body, else the form body is in ps.fbuf
	ct := c.formCT
	if ps.hasFiles() {
		b, typ, err := ps.multipartBody()
		if err != nil {
			return fmt.Errorf("top: %s: building multipart body: %w", call.Method, err)
		}
		multi, ct = b, []string{typ}
	} else {
		ps.fbuf = ps.appendForm(ps.fbuf[:0], false)
	}

	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			ps.retime(tsOff, c.now())
		}
		var sig [64]byte
		n := ps.signTo(&sig, c.secret, c.signMethod)
		q := ps.appendForm(ps.buf[:0], true)
		q = append(q, "&sign="...)
		q = append(q, sig[:n]...)
		ps.buf = q[:0]
		// The query and the form body share one string: it outlives the
		// call (a RoundTripper may read the body after Do returns).
		var sb strings.Builder
		sb.Grow(len(q) + len(ps.fbuf))
		sb.Write(q)
		var body io.Reader
		if multi != nil {
			body = bytes.NewReader(multi)
		} else {
			sb.Write(ps.fbuf)
		}
		qb := sb.String()
		if multi == nil {
			body = strings.NewReader(qb[len(q):])
		}
		if inv != nil {
			inv.Attempts = attempt
		}
		err := c.roundTrip(ctx, call.Method, qb[:len(q)], body, ct, o, resp, inv)
		if err == nil || attempt >= o.retry.MaxAttempts || ctx.Err() != nil {
			return err
		}
		d, ok := retryWait(err, o.retry, attempt)
		if !ok {
			return err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// retryWait says whether err is retried under p after the given (1-based)
// attempt, and after which wait.
func retryWait(err error, p RetryPolicy, attempt int) (time.Duration, bool) {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Ban, p.WaitBan > 0 && le.Ban > 0 && le.Ban <= p.WaitBan
	}
	if !retryable(err) {
		return 0, false
	}
	base := p.Backoff
	if base <= 0 {
		base = DefaultBackoff
	}
	return backoff(base, attempt), true
}

// backoff returns the wait after the given (1-based) failed attempt:
// base * 2^(attempt-1), capped at one hour.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d > 0 && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func retryable(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	var e *Error
	return errors.As(err, &e) && strings.HasPrefix(e.SubCode, "isp.")
}

func (c *Client) getParamSet() *Params {
	if p, ok := c.paramBuf.Get().(*Params); ok {
		return p
	}
	return &Params{ps: make([]param, 0, 24), order: make([]int, 0, 24), arena: make([]byte, 0, 512), buf: make([]byte, 0, 1024)}
}

func (c *Client) putParamSet(p *Params) {
	if cap(p.arena) > 1<<20 || cap(p.buf) > 1<<20 || p.jbuf.Cap() > 1<<20 {
		return
	}
	p.reset()
	c.paramBuf.Put(p)
}

// roundTrip performs one HTTP exchange and decodes the result.
func (c *Client) roundTrip(ctx context.Context, method, query string, body io.Reader, ct []string, o *callOptions, resp any, inv *Invocation) error {
	hreq, err := c.newHTTPRequest(ctx, query, body, ct)
	if err != nil {
		return fmt.Errorf("top: %s: invalid gateway: %w", method, err)
	}
	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = c.gateway // without the query: it holds the session and the sign
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("top: %s: %w", method, ctxErr)
		}
		if errors.Is(err, ErrRedirect) {
			return fmt.Errorf("top: %s: %w", method, err)
		}
		return &TransportError{Method: method, Err: err}
	}
	defer hresp.Body.Close()

	bp := c.getReadBuf()
	defer c.readBuf.Put(bp)
	data, err := readBody(hresp.Body, hresp.ContentLength, c.maxBody, *bp)
	if cap(data) <= 1<<20 {
		*bp = data[:0]
	}
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return fmt.Errorf("top: %s: status %d: %w (limit %d bytes)", method, hresp.StatusCode, err, c.maxBody)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("top: %s: reading response: %w", method, ctxErr)
		}
		return &TransportError{Method: method, Err: fmt.Errorf("reading response: %w", err)}
	}
	ok := hresp.StatusCode >= 200 && hresp.StatusCode <= 299
	if !ok {
		resp = nil // only an error_response is looked for
	}
	if o.format == FormatXML {
		err = decodeXMLContext(ctx, method, data, resp)
	} else {
		err = c.decodeJSONContext(ctx, method, data, o.simplify, resp)
	}
	te, isTop := err.(*Error) // (errors.As would make te escape: one allocation per call)
	switch {
	case isTop:
		if inv != nil {
			inv.RequestID = te.RequestID
		}
		return limitError(te)
	case !ok:
		return &HTTPError{Method: method, StatusCode: hresp.StatusCode, Excerpt: excerpt(data)}
	}
	if de, ok := err.(*DecodeError); ok {
		de.StatusCode = hresp.StatusCode
	}
	if inv != nil && err == nil {
		inv.RequestID = requestID(data)
	}
	return err
}

// requestID finds the request_id of a response body (JSON or XML); it is
// the last key of TOP's responses.
func requestID(data []byte) string {
	for _, k := range [...]string{`"request_id":"`, "<request_id>"} {
		if i := bytes.LastIndex(data, []byte(k)); i >= 0 {
			v := data[i+len(k):]
			if j := bytes.IndexAny(v, `"<`); j >= 0 {
				return string(v[:j])
			}
		}
	}
	return ""
}

// newHTTPRequest returns the POST of body to the gateway with the query,
// like http.NewRequestWithContext(ctx, "POST", gateway+"?"+query, body)
// (ContentLength and GetBody set, so that redirects and transport retries
// can resend it) but without parsing the gateway URL again. The body is a
// *strings.Reader or *bytes.Reader so that the transport knows it is in
// memory and writes it together with the headers.
func (c *Client) newHTTPRequest(ctx context.Context, query string, body io.Reader, ct []string) (*http.Request, error) {
	if c.gwErr != nil {
		return nil, c.gwErr
	}
	// An empty URL parses trivially; the gateway is copied in (each request
	// gets its own URL, as round trippers may look at it).
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "", body)
	if err != nil {
		return nil, err
	}
	*hreq.URL = *c.gwURL
	if hreq.URL.RawQuery != "" {
		query = hreq.URL.RawQuery + "&" + query
	}
	hreq.URL.RawQuery = query
	hreq.Host = c.gwURL.Host
	hreq.Header["Content-Type"] = ct
	return hreq, nil
}

// removeEmptyPort strips the empty port in "host:" (like net/http).
func removeEmptyPort(host string) string {
	if strings.LastIndex(host, ":") > strings.LastIndex(host, "]") {
		return strings.TrimSuffix(host, ":")
	}
	return host
}

func (c *Client) getReadBuf() *[]byte {
	if p, ok := c.readBuf.Get().(*[]byte); ok {
		return p
	}
	b := make([]byte, 0, 4096)
	return &b
}

// readBody reads r fully into buf, failing with ErrResponseTooLarge when
// more than max bytes arrive.
func readBody(r io.Reader, contentLength, max int64, buf []byte) ([]byte, error) {
	if contentLength > max {
		return buf, ErrResponseTooLarge
	}
	if contentLength > 0 && int64(cap(buf)) < contentLength+1 {
		buf = make([]byte, 0, contentLength+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return buf, ErrResponseTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// ---- errors ----

// Error is an error_response returned by the TOP gateway.
type Error struct {
	Method    string // API method of the call
	Code      int
	Msg       string
	SubCode   string
	SubMsg    string
	RequestID string
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("top: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteString(": ")
	}
	b.WriteString("error ")
	b.WriteString(strconv.Itoa(e.Code))
	if e.Msg != "" {
		b.WriteString(" ")
		b.WriteString(e.Msg)
	}
	if e.SubCode != "" {
		b.WriteString(" [")
		b.WriteString(e.SubCode)
		b.WriteString("]")
	}
	if e.SubMsg != "" {
		b.WriteString(": ")
		b.WriteString(e.SubMsg)
	}
	if e.RequestID != "" {
		b.WriteString(" (request_id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// LimitError is TOP error 7 (accesscontrol.limited-by-…): the app, user or
// API is banned for Ban (0 when the message does not say). It wraps the
// *Error. RetryPolicy.WaitBan opts in to waiting it out.
type LimitError struct {
	Err *Error
	Ban time.Duration
}

// Error implements error.
func (e *LimitError) Error() string { return e.Err.Error() }

// Unwrap returns the *Error.
func (e *LimitError) Unwrap() error { return e.Err }

// limitError returns e, or a *LimitError wrapping it for error 7.
func limitError(e *Error) error {
	if e.Code != 7 {
		return e
	}
	ban := time.Duration(0)
	const k = "will last for "
	if i := strings.Index(e.SubMsg, k); i >= 0 {
		s := e.SubMsg[i+len(k):]
		n := 0
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if secs, err := strconv.Atoi(s[:n]); err == nil {
			ban = time.Duration(secs) * time.Second
		}
	}
	return &LimitError{Err: e, Ban: ban}
}

// HTTPError reports a non-2xx HTTP status without an error_response.
type HTTPError struct {
	Method     string
	StatusCode int
	Excerpt    string // quoted, truncated start of the body
}

// Error implements error.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("top: %s: unexpected HTTP status %d: %s", e.Method, e.StatusCode, e.Excerpt)
}

// TransportError reports a failure to send the request or receive the
// response (retryable).
type TransportError struct {
	Method string
	Err    error
}

// Error implements error.
func (e *TransportError) Error() string {
	return "top: " + e.Method + ": transport: " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *TransportError) Unwrap() error { return e.Err }

// DecodeError reports a response body that could not be decoded.
type DecodeError struct {
	Method     string
	Format     Format
	StatusCode int    // HTTP status of the response
	Excerpt    string // quoted, truncated start of the body
	Err        error
}

// Error implements error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("top: %s: malformed %s response (HTTP %d): %v; body %s", e.Method, e.Format, e.StatusCode, e.Err, e.Excerpt)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// isSystemParam reports the parameters the Java SDK sends in the URL query.
func isSystemParam(k string) bool {
	switch k {
	case "method", "app_key", "session", "timestamp", "v", "sign_method", "sign", "format", "simplify", "partner_id", "target_app_key":
		return true
	}
	return false
}
