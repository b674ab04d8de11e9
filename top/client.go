package top

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Gateways, protocol constants and defaults.
const (
	ProductionGateway        = "https://eco.taobao.com/router/rest"              // default gateway
	SandboxGateway           = "https://gw.api.tbsandbox.com/router/rest"        // sandbox environment
	APIVersion               = "2.0"                                             // the v system parameter
	FormContentType          = "application/x-www-form-urlencoded;charset=UTF-8" // of non-multipart bodies
	DefaultMaxBodySize int64 = 10 << 20                                          // cap on response bodies (10 MiB)
	DefaultBackoff           = 100 * time.Millisecond                            // first retry wait when RetryPolicy.Backoff <= 0
)

// Format is the value of the format system parameter.
type Format string

// Response formats.
const (
	FormatJSON Format = "json" // default
	FormatXML  Format = "xml"  // XML responses
)

// Errors that Do returns wrapped.
var (
	ErrSessionRequired  = errors.New("the API needs a user session: pass top.WithSession") // WithSession gave none
	ErrResponseTooLarge = errors.New("response body too large")                            // beyond WithMaxBodySize
	ErrRedirect         = errors.New("redirect to another host refused")                   // or https to http: the query holds the session and the sign
)

// RetryPolicy configures retries: only transport errors and TOP errors whose
// sub_code starts with "isp." are retried, signed again with a fresh
// timestamp. MaxAttempts counts all attempts; the wait before attempt n+1 is
// Backoff * 2^(n-1) (DefaultBackoff when Backoff <= 0), at most an hour.
// With WaitBan > 0, a *LimitError banning for at most WaitBan is waited out.
type RetryPolicy struct {
	MaxAttempts int
	Backoff     time.Duration
	WaitBan     time.Duration
}

// Client calls the TOP gateway; create it with NewClient. It is safe for
// concurrent use and must not be copied after first use. Its HTTP layout
// is the Java SDK's: the system parameters (method, app_key, session,
// timestamp, v, sign_method, sign, format, simplify, partner_id,
// target_app_key) in the URL query, the business parameters in the POST
// body, application/x-www-form-urlencoded, or multipart/form-data when the
// request has files.
type Client struct {
	appKey, secret, gateway, partnerID string

	gwURL      *url.URL // gateway, parsed once (nil when invalid)
	gwErr      error    // error parsing gateway
	httpClient *http.Client
	signMethod SignMethod
	defaults   callOptions // format, simplify and retry of calls
	maxBody    int64
	now        func() time.Time // the timestamp's clock (tests replace it)
	formCT     []string         // {FormContentType}, shared, never mutated

	interceptors []Interceptor
	encs, dplans typeCache // JSON encoders (requests), decoding plans (responses)
	idleMu       sync.Mutex
	idle         []*Params // parameter sets for reuse (not a sync.Pool: see typeCache)
}

// String describes the client without its secret, so that printing it does not leak it.
func (c *Client) String() string {
	return "top.Client{app_key: " + c.appKey + ", gateway: " + c.gateway + ", secret: <hidden>}"
}

// GoString is String, for fmt's %#v.
func (c *Client) GoString() string { return c.String() }

// Option configures a Client.
type Option func(*Client)

// WithGateway sets the gateway URL (default ProductionGateway).
func WithGateway(url string) Option { return func(c *Client) { c.gateway = url } }

// WithHTTPClient sets the HTTP client used for calls (nil is ignored).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.httpClient = cmp.Or(hc, c.httpClient) }
}

// WithSignMethod sets the signature method (default SignMD5).
func WithSignMethod(m SignMethod) Option { return func(c *Client) { c.signMethod = m } }

// WithFormat sets the response format (default FormatJSON).
func WithFormat(f Format) Option { return func(c *Client) { c.defaults.format = f } }

// WithSimplify sets the simplify system parameter (JSON without wrappers).
func WithSimplify(b bool) Option { return func(c *Client) { c.defaults.simplify = b } }

// WithPartnerID sets the partner_id system parameter.
func WithPartnerID(id string) Option { return func(c *Client) { c.partnerID = id } }

// WithMaxBodySize caps response bodies (default DefaultMaxBodySize; n <= 0
// is ignored): larger ones fail with ErrResponseTooLarge.
func WithMaxBodySize(n int64) Option {
	return func(c *Client) { c.maxBody = cmp.Or(max(n, 0), c.maxBody) }
}

// WithRetry enables retries (off by default).
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.defaults.retry = p } }

// Invocation describes one call to interceptors.
type Invocation struct {
	Method    string  // API method
	Request   Request // the request (may be nil)
	Response  any     // where the response is decoded
	Attempts  int     // HTTP exchanges made so far
	RequestID string  // request_id of the last response, when it had one
}

// Interceptor wraps every call of a Client (all its attempts), e.g. to log
// or trace it: it must call next to proceed. It never sees the secret, the
// session or the sign.
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
	c := &Client{appKey: appKey, secret: appSecret, gateway: ProductionGateway, signMethod: SignMD5,
		defaults: callOptions{format: FormatJSON}, maxBody: DefaultMaxBodySize, now: time.Now, formCT: []string{FormContentType}}
	for _, o := range opts {
		o(c)
	}
	if c.httpClient == nil { // http.DefaultTransport's settings (proxy, timeouts, HTTP/2), more idle connections
		t := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			t = dt.Clone()
		}
		t.MaxIdleConnsPerHost, t.ResponseHeaderTimeout = 32, time.Minute
		c.httpClient = &http.Client{Timeout: 2 * time.Minute, Transport: t}
	}
	hc := *c.httpClient // a copy refusing redirects to another host or scheme
	prev := hc.CheckRedirect
	hc.CheckRedirect = func(r *http.Request, via []*http.Request) error {
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
	c.httpClient = &hc
	// Parsed once, as http.NewRequest would on every call, empty port stripped.
	if c.gwURL, c.gwErr = url.Parse(c.gateway); c.gwErr == nil {
		c.gwURL.Host = strings.TrimSuffix(c.gwURL.Host, ":")
	}
	return c
}

// Call identifies an API.
type Call struct {
	Method  string // e.g. "alibaba.nlife.b2c.trade.pay"
	Session bool   // the API requires a user session
}

// Request is implemented by generated request structs: Validate checks the
// documented rules, EncodeParams (called if it passed) adds the parameters.
type Request interface {
	Validate() error
	EncodeParams(p *Params)
}

type extraParam struct{ key, value string }

type callOptions struct {
	session, targetAppKey string
	format                Format
	simplify              bool
	retry                 RetryPolicy
	extra                 []extraParam
}

// CallOption configures one call.
type CallOption func(*callOptions)

// WithSession sets the session (access token) of the call.
func WithSession(session string) CallOption { return func(o *callOptions) { o.session = session } }

// WithTargetAppKey sets the target_app_key system parameter.
func WithTargetAppKey(appKey string) CallOption {
	return func(o *callOptions) { o.targetAppKey = appKey }
}

// WithCallFormat overrides the response format for one call.
func WithCallFormat(f Format) CallOption { return func(o *callOptions) { o.format = f } }

// WithCallSimplify overrides the simplify parameter for one call.
func WithCallSimplify(b bool) CallOption { return func(o *callOptions) { o.simplify = b } }

// WithParam adds an extra (signed) business parameter to one call; blank
// values are dropped, system parameter names (see Client) refused.
func WithParam(key, value string) CallOption {
	return func(o *callOptions) { o.extra = append(o.extra, extraParam{key, value}) }
}

// Do validates req, signs and POSTs its parameters and decodes the response
// into resp (a pointer to the response struct; nil ignores the body), through
// the interceptors. TOP errors are *Error (*LimitError for error 7).
func (c *Client) Do(ctx context.Context, call Call, req Request, resp any, opts ...CallOption) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(c.interceptors) == 0 {
		return invoke(ctx, c, call, req, resp, nil, opts)
	}
	inv := &Invocation{Method: call.Method, Request: req, Response: resp}
	h := func(ctx context.Context) error { return invoke(ctx, c, call, req, resp, inv, opts) }
	for i := len(c.interceptors) - 1; i >= 0; i-- {
		ic, next := c.interceptors[i], h
		h = func(ctx context.Context) error { return ic(ctx, inv, next) }
	}
	return h(ctx)
}

// invoke is one call of Do, inside the interceptors. It and the client's
// other internals are functions, not methods: the generated clients embed
// *Client, and every method would be wrapped again in each of their packages.
func invoke(ctx context.Context, c *Client, call Call, req Request, resp any, inv *Invocation, opts []CallOption) error {
	if call.Method == "" {
		return errors.New("top: empty API method")
	}
	if req != nil {
		if rv := reflect.ValueOf(req); rv.Kind() == reflect.Pointer && rv.IsNil() {
			req = reflect.New(rv.Type().Elem()).Interface().(Request) // validated as the zero value
		}
		if err := req.Validate(); err != nil {
			return err
		}
	}
	ps := getParams(c)
	defer putParams(c, ps)
	ps.opts, ps.opts.extra = c.defaults, ps.opts.extra[:0]
	o := &ps.opts // pooled: the options would otherwise escape
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if call.Session && IsBlank(o.session) {
		return fmt.Errorf("top: %s: %w", call.Method, ErrSessionRequired)
	}
	o.format = cmp.Or(o.format, FormatJSON)

	simplify := ""
	if o.simplify {
		simplify = "true"
	}
	for _, kv := range [...][2]string{{"app_key", c.appKey}, {"format", string(o.format)}, {"method", call.Method}, {"partner_id", c.partnerID},
		{"session", o.session}, {"sign_method", string(c.signMethod)}, {"simplify", simplify}, {"target_app_key", o.targetAppKey}} {
		ps.String(kv[0], kv[1]) // in key order: cheaper sorting
	}
	tsOff := len(ps.arena)
	ps.Times("timestamp", []time.Time{c.now()})
	ps.String("v", APIVersion)
	ps.nsys = len(ps.ps) // all so far
	for _, e := range o.extra {
		if isSystemParam(e.key) {
			return fmt.Errorf("top: %s: WithParam(%q): a system parameter is set by the client, never by WithParam", call.Method, e.key)
		}
		ps.String(e.key, e.value)
	}
	if req != nil {
		req.EncodeParams(ps)
		if ps.err != nil {
			return fmt.Errorf("top: %s: %w", call.Method, ps.err)
		}
	}
	if k, dup := ps.sort(); dup {
		return fmt.Errorf("top: %s: parameter %q is set twice (a WithParam or a request field overlaps a system or request parameter)", call.Method, k)
	}
	var multi []byte // multipart body, else the form body follows the query
	ct := c.formCT
	if slices.ContainsFunc(ps.ps, func(p param) bool { return p.file != nil }) {
		b, typ, err := ps.multipartBody()
		if err != nil {
			return fmt.Errorf("top: %s: building multipart body: %w", call.Method, err)
		}
		multi, ct = b, []string{typ}
	}

	for attempt := 1; ; attempt++ {
		var sig [64]byte
		n := ps.signTo(&sig, c.secret, c.signMethod)
		q := append(append(ps.appendForm(ps.buf[:0], true), "&sign="...), sig[:n]...)
		qLen := len(q)
		if multi == nil {
			q = ps.appendForm(q, false)
		}
		ps.buf = q[:0]
		// One string for the query and the form body, which outlives the call.
		qb := string(q)
		var body io.Reader = strings.NewReader(qb[qLen:])
		if multi != nil {
			body = bytes.NewReader(multi)
		}
		if inv != nil {
			inv.Attempts = attempt
		}
		err := roundTrip(ctx, c, call.Method, qb[:qLen], body, ct, ps, resp, inv)
		if err == nil || attempt >= o.retry.MaxAttempts || ctx.Err() != nil {
			return err
		}
		d, ok := retryWait(err, o.retry, attempt)
		if !ok {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(d):
		}
		appendTime(ps.arena[tsOff:tsOff:tsOff+len(TimeLayout)], c.now()) // in place: fixed width
	}
}

// retryWait says whether, and after which wait, err is retried after attempt.
func retryWait(err error, p RetryPolicy, attempt int) (time.Duration, bool) {
	if le, ok := errors.AsType[*LimitError](err); ok {
		return le.Ban, p.WaitBan > 0 && le.Ban > 0 && le.Ban <= p.WaitBan
	}
	_, transport := errors.AsType[*TransportError](err)
	if e, ok := errors.AsType[*Error](err); !transport && !(ok && strings.HasPrefix(e.SubCode, "isp.")) {
		return 0, false
	}
	d := cmp.Or(max(p.Backoff, 0), DefaultBackoff)
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour), true
}

// getParams takes an idle Params of c, or makes one.
func getParams(c *Client) *Params {
	c.idleMu.Lock()
	defer c.idleMu.Unlock()
	if n := len(c.idle); n > 0 {
		p := c.idle[n-1]
		c.idle = c.idle[:n-1]
		return p
	}
	return &Params{ps: make([]param, 0, 24), order: make([]int, 0, 24), arena: make([]byte, 0, 512), buf: make([]byte, 0, 1024), encs: &c.encs}
}

// putParams keeps p for reuse, unless 64 are kept or its buffers have
// grown beyond 64 KiB: an idle client then holds at most 12 MiB, and no
// large response stays in memory.
func putParams(c *Client, p *Params) {
	if max(cap(p.arena), cap(p.buf)) > 64<<10 {
		return
	}
	p.reset()
	c.idleMu.Lock()
	defer c.idleMu.Unlock()
	if len(c.idle) < 64 {
		c.idle = append(c.idle, p)
	}
}

// roundTrip performs one HTTP exchange and decodes the result, reading the
// response into ps.buf (free once the query is a string).
func roundTrip(ctx context.Context, c *Client, method, query string, body io.Reader, ct []string, ps *Params, resp any, inv *Invocation) error {
	if c.gwErr != nil {
		return fmt.Errorf("top: %s: invalid gateway: %w", method, c.gwErr)
	}
	// As http.NewRequestWithContext(ctx, "POST", gateway+"?"+query, body)
	// without parsing the gateway again; each request has its own URL.
	hreq, _ := http.NewRequestWithContext(ctx, http.MethodPost, "", body) // cannot fail: valid method and URL, ctx not nil
	*hreq.URL = *c.gwURL
	if hreq.URL.RawQuery != "" {
		query = hreq.URL.RawQuery + "&" + query
	}
	hreq.URL.RawQuery = query
	hreq.Host = c.gwURL.Host
	hreq.Header["Content-Type"] = ct
	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		if ue, ok := errors.AsType[*url.Error](err); ok {
			ue.URL = c.gateway // without the query: it holds the session and the sign
		}
		if ctx.Err() != nil || errors.Is(err, ErrRedirect) {
			return fmt.Errorf("top: %s: %w", method, cmp.Or(ctx.Err(), err))
		}
		return &TransportError{Method: method, Err: err}
	}
	defer hresp.Body.Close()

	data, err := readBody(hresp.Body, hresp.ContentLength, c.maxBody, ps.buf[:0])
	ps.buf = data[:0]
	if errors.Is(err, ErrResponseTooLarge) {
		return fmt.Errorf("top: %s: status %d: %w (limit %d bytes)", method, hresp.StatusCode, err, c.maxBody)
	} else if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("top: %s: reading response: %w", method, ctxErr)
		}
		return &TransportError{Method: method, Err: fmt.Errorf("reading response: %w", err)}
	}
	ok := hresp.StatusCode >= 200 && hresp.StatusCode <= 299
	if !ok {
		resp = nil // only an error_response is looked for
	} else if resp == nil && inv != nil {
		resp = &struct {
			RequestID string `json:"request_id"`
		}{} // for the interceptors
	}
	if ps.opts.format == FormatXML {
		err = decodeXML(ctx, &c.dplans, method, data, resp)
	} else {
		err = decodeJSON(ctx, &c.dplans, method, data, ps.opts.simplify, resp)
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
	if rv := reflect.ValueOf(resp); inv != nil && err == nil && resp != nil && rv.Elem().Kind() == reflect.Struct {
		if f := rv.Elem().FieldByName("RequestID"); f.Kind() == reflect.String { // (generated responses have it)
			inv.RequestID = f.String()
		}
	}
	return err
}

// readBody appends r to buf, failing with ErrResponseTooLarge beyond limit bytes.
func readBody(r io.Reader, contentLength, limit int64, buf []byte) ([]byte, error) {
	if contentLength > limit {
		return buf, ErrResponseTooLarge
	}
	buf = slices.Grow(buf, int(max(contentLength, 0))+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf, ErrResponseTooLarge
		}
		if err == io.EOF {
			return buf, nil
		} else if err != nil {
			return buf, err
		}
	}
}

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
	return "top: " + wrap("", e.Method, ": ") + "error " + strconv.Itoa(e.Code) + wrap(" ", e.Msg, "") +
		wrap(" [", e.SubCode, "]") + wrap(": ", e.SubMsg, "") + wrap(" (request_id ", e.RequestID, ")")
}

// wrap returns pre+s+post, or "" when s is empty.
func wrap(pre, s, post string) string {
	if s == "" {
		return ""
	}
	return pre + s + post
}

// LimitError wraps TOP error 7 (accesscontrol.limited-by-…): the app, user or
// API is banned for Ban (0 when the message does not say); see WaitBan.
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
	le := &LimitError{Err: e}
	if _, s, ok := strings.Cut(e.SubMsg, "will last for "); ok {
		secs, _ := strconv.Atoi(s[:min(digitsEnd(s, 0), 9)])
		le.Ban = time.Duration(secs) * time.Second
	}
	return le
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

// TransportError reports a failure to send or receive (retryable).
type TransportError struct {
	Method string
	Err    error
}

// Error implements error.
func (e *TransportError) Error() string { return "top: " + e.Method + ": transport: " + e.Err.Error() }

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
	status := "" // none outside a call (UnmarshalXML)
	if e.StatusCode != 0 {
		status = fmt.Sprintf(" (HTTP %d)", e.StatusCode)
	}
	return fmt.Sprintf("top: %s: malformed %s response%s: %v; body %s", e.Method, e.Format, status, e.Err, e.Excerpt)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// isSystemParam reports the parameters the Java SDK sends in the URL query.
func isSystemParam(k string) bool {
	return slices.Contains([]string{"method", "app_key", "session", "timestamp", "v", "sign_method", "sign", "format", "simplify", "partner_id", "target_app_key"}, k)
}
