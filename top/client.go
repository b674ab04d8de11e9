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

// RetryPolicy configures retries. Only transport errors and TOP errors whose
// sub_code starts with "isp." are retried; "isv." errors never are.
// MaxAttempts counts all attempts (<= 1 disables retries); the wait before
// attempt n+1 is Backoff * 2^(n-1).
type RetryPolicy struct {
	MaxAttempts int
	Backoff     time.Duration
}

// Client calls the TOP gateway. It is safe for concurrent use and must not
// be copied after first use. Create it with NewClient.
//
// Every parameter (system and business) is sent in the POST body:
// application/x-www-form-urlencoded, or multipart/form-data when the request
// has file parameters. The URL is the gateway without a query string.
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

	formCT []string // shared, never mutated

	plans    sync.Map // reflect.Type -> *typePlan
	vplans   sync.Map // reflect.Type -> *vPlan (validation)
	reqPlans sync.Map // reflect.Type -> *reqPlan (rules of a RuledRequest)
	dplans   sync.Map // reflect.Type -> *dPlan (response decoding)
	paramBuf sync.Pool
	readBuf  sync.Pool
}

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

// AppKey returns the client's app key.
func (c *Client) AppKey() string { return c.appKey }

// Call identifies an API.
type Call struct {
	Method  string // e.g. "alibaba.nlife.b2c.trade.pay"
	Session bool   // the API requires a user session
}

// Request is implemented by generated request structs.
type Request interface {
	Validate() error
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

// WithParam adds an extra (signed) parameter to one call; blank values are
// dropped.
func WithParam(key, value string) CallOption {
	return func(o *callOptions) { o.extra = append(o.extra, extraParam{key, value}) }
}

// Do validates req, builds and signs the parameters, POSTs them to the
// gateway and decodes the response into resp (a pointer to the response
// struct; nil to ignore the body). TOP errors are returned as *Error.
//
// A RuledRequest (every generated request) is validated through plans
// cached on the Client, with the same outcome as its Validate method;
// other requests are validated by calling Validate.
func (c *Client) Do(ctx context.Context, call Call, req Request, resp any, opts ...CallOption) error {
	if call.Method == "" {
		return errors.New("top: empty API method")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if req != nil {
		var err error
		if rr, ok := req.(RuledRequest); ok {
			err = c.validate(rr)
		} else {
			err = req.Validate()
		}
		if err != nil {
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
	ps.addString("app_key", c.appKey)
	ps.addString("format", string(o.format))
	ps.addString("method", call.Method)
	ps.addString("partner_id", c.partnerID)
	ps.addString("session", o.session)
	ps.addString("sign_method", string(c.signMethod))
	if o.simplify {
		ps.addString("simplify", "true")
	}
	ps.addString("target_app_key", o.targetAppKey)
	start := len(ps.arena)
	ps.arena = appendTime(ps.arena, c.now())
	ps.addArena("timestamp", start)
	ps.addString("v", APIVersion)
	for _, e := range o.extra {
		ps.addString(e.key, e.value)
	}
	if err := c.encodeRequest(ps, req); err != nil {
		return fmt.Errorf("top: %s: %w", call.Method, err)
	}
	ps.sort()
	if k, dup := ps.duplicate(); dup {
		return fmt.Errorf("top: %s: parameter %q is set twice (a WithParam overlaps a system or request parameter)", call.Method, k)
	}
	ps.addString("sign", ps.sign(c.secret, c.signMethod))

	var body []byte
	var ct []string
	if ps.hasFiles() {
		b, typ, err := ps.multipartBody()
		if err != nil {
			return fmt.Errorf("top: %s: building multipart body: %w", call.Method, err)
		}
		body, ct = b, []string{typ}
	} else {
		body, ct = ps.formBody(), c.formCT
	}

	for attempt := 1; ; attempt++ {
		err := c.roundTrip(ctx, call.Method, body, ct, o, resp)
		if err == nil || attempt >= o.retry.MaxAttempts || !retryable(err) || ctx.Err() != nil {
			return err
		}
		if d := backoff(o.retry.Backoff, attempt); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return err
			case <-t.C:
			}
		}
	}
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

func (c *Client) getParamSet() *paramSet {
	if p, ok := c.paramBuf.Get().(*paramSet); ok {
		return p
	}
	return &paramSet{ps: make([]param, 0, 24), arena: make([]byte, 0, 512), buf: make([]byte, 0, 1024)}
}

func (c *Client) putParamSet(p *paramSet) {
	if cap(p.arena) > 1<<20 || cap(p.buf) > 1<<20 || p.jbuf.Cap() > 1<<20 {
		return
	}
	p.reset()
	c.paramBuf.Put(p)
}

// roundTrip performs one HTTP exchange and decodes the result.
func (c *Client) roundTrip(ctx context.Context, method string, body []byte, ct []string, o *callOptions, resp any) error {
	hreq, err := c.newHTTPRequest(ctx, body, ct)
	if err != nil {
		return fmt.Errorf("top: %s: invalid gateway: %w", method, err)
	}
	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("top: %s: %w", method, ctxErr)
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
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		return &HTTPError{Method: method, StatusCode: hresp.StatusCode, Excerpt: excerpt(data)}
	}
	if o.format == FormatXML {
		err = decodeXML(method, data, resp)
	} else {
		err = c.decodeJSON(method, data, o.simplify, resp)
	}
	if de, ok := err.(*DecodeError); ok {
		de.StatusCode = hresp.StatusCode
	}
	return err
}

// newHTTPRequest returns the POST of body to the gateway, like
// http.NewRequestWithContext(ctx, "POST", gateway, bytes.NewReader(body))
// (ContentLength and GetBody set, so that redirects and transport retries
// can resend it) but without parsing the gateway URL again. The body stays
// a *bytes.Reader so that the transport knows it is in memory and writes
// it together with the headers.
func (c *Client) newHTTPRequest(ctx context.Context, body []byte, ct []string) (*http.Request, error) {
	if c.gwErr != nil {
		return nil, c.gwErr
	}
	// An empty URL parses trivially; the gateway is copied in (each request
	// gets its own URL, as round trippers may look at it).
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	*hreq.URL = *c.gwURL
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

// HTTPError reports a non-2xx HTTP status.
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
