package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// tokenCookie is the cookie /docCenter sets and every handler call carries.
const tokenCookie = "_tb_token_"

// client talks to the doc site: one request at a time, rate limited,
// retried, with the token bootstrapped from /docCenter.
type client struct {
	site  *url.URL
	hc    *http.Client
	opts  *Options
	rnd   *rand.Rand
	next  time.Time // earliest start of the next request
	token string
	log   func(format string, args ...any)

	requests int // requests sent
	retries  int // retries and back-offs
}

func newClient(site string, o *Options, log func(string, ...any)) (*client, error) {
	u, err := url.Parse(strings.TrimRight(site, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-site %q: want an http(s) URL such as https://open.taobao.com", site)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: o.Timeout}
	if o.HTTPClient != nil {
		c := *o.HTTPClient
		c.Jar = jar
		if c.Timeout == 0 {
			c.Timeout = o.Timeout
		}
		hc = &c
	}
	seed := uint64(time.Now().UnixNano())
	return &client{site: u, hc: hc, opts: o, rnd: rand.New(rand.NewPCG(seed, seed>>7|1)), log: log}, nil
}

// wait blocks until the rate limit lets the next request start. The gap
// between starts is 1/rate plus up to 25% jitter, so the rate never exceeds it.
func (c *client) wait(ctx context.Context) error {
	if c.opts.Rate > 0 {
		if d := time.Until(c.next); d > 0 {
			if err := sleep(ctx, d); err != nil {
				return err
			}
		}
		gap := time.Duration(float64(time.Second) / c.opts.Rate)
		c.next = time.Now().Add(gap + time.Duration(c.rnd.Int64N(int64(gap)/4+1)))
	}
	return ctx.Err()
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// errKind classifies a failed attempt.
type errKind int

const (
	transient errKind = iota + 1 // network error, 429, 503, truncated JSON: retry with back-off
	antiBot                      // anti-bot reply: back off long, then retry
	expired                      // token missing or expired: bootstrap again, then retry
	permanent                    // anything else: give up
)

// attemptError is one failed attempt.
type attemptError struct {
	kind       errKind
	msg        string
	retryAfter time.Duration
}

func (e *attemptError) Error() string { return e.msg }

// get fetches one handler URL (the token is added) and returns the
// envelope's data, retrying as the options say.
func (c *client) get(ctx context.Context, path string, query url.Values, what string) (json.RawMessage, error) {
	bootstrapped := false
	antiBots := 0
	transients := 0
	for {
		if c.token == "" {
			if err := c.bootstrap(ctx); err != nil {
				return nil, err
			}
		}
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set(tokenCookie, c.token)
		data, err := c.attempt(ctx, path, q)
		if err == nil {
			return data, nil
		}
		var ae *attemptError
		if !errors.As(err, &ae) {
			return nil, err
		}
		switch ae.kind {
		case expired:
			if bootstrapped {
				return nil, fmt.Errorf("%s: token still rejected after a fresh one from /docCenter: %s", what, ae.msg)
			}
			bootstrapped = true
			c.log("%s: token expired (%s); fetching a new one from /docCenter", what, ae.msg)
			c.token = ""
			continue
		case antiBot:
			antiBots++
			if antiBots > c.opts.AntiBotRetries {
				return nil, fmt.Errorf("%s: anti-bot reply %d times, giving up: %s", what, antiBots, ae.msg)
			}
			wait := jitter(c.rnd, c.opts.AntiBotWait)
			c.retries++
			c.log("%s: anti-bot reply (%s); backing off %s before resuming", what, ae.msg, wait.Round(time.Millisecond))
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			c.token = "" // a fresh session after the block
			continue
		case transient:
			transients++
			if transients > c.opts.Retries {
				return nil, fmt.Errorf("%s: %s (gave up after %d retries)", what, ae.msg, c.opts.Retries)
			}
			wait := c.backoff(transients)
			if ae.retryAfter > wait {
				wait = ae.retryAfter
			}
			c.retries++
			c.log("%s: %s; retry %d/%d in %s", what, ae.msg, transients, c.opts.Retries, wait.Round(time.Millisecond))
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		return nil, fmt.Errorf("%s: %s", what, ae.msg)
	}
}

// backoff is the exponential back-off before retry n (1-based), with full jitter above half.
func (c *client) backoff(n int) time.Duration {
	d := c.opts.Backoff << min(n-1, 20)
	if d > c.opts.MaxBackoff || d <= 0 {
		d = c.opts.MaxBackoff
	}
	return d/2 + time.Duration(c.rnd.Int64N(int64(d/2)+1))
}

// jitter spreads d by ±20%.
func jitter(r *rand.Rand, d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return d*4/5 + time.Duration(r.Int64N(int64(d*2/5)+1))
}

// bootstrap gets a token: GET /docCenter sets the _tb_token_ cookie.
func (c *client) bootstrap(ctx context.Context) error {
	transients := 0
	antiBots := 0
	for {
		err := c.bootstrapOnce(ctx)
		if err == nil {
			return nil
		}
		var ae *attemptError
		if !errors.As(err, &ae) {
			return err
		}
		var wait time.Duration
		switch ae.kind {
		case transient:
			transients++
			if transients > c.opts.Retries {
				return fmt.Errorf("token from %s/docCenter: %s (gave up after %d retries)", c.site, ae.msg, c.opts.Retries)
			}
			wait = max(c.backoff(transients), ae.retryAfter)
		case antiBot:
			antiBots++
			if antiBots > c.opts.AntiBotRetries {
				return fmt.Errorf("token from %s/docCenter: anti-bot reply %d times, giving up", c.site, antiBots)
			}
			wait = jitter(c.rnd, c.opts.AntiBotWait)
		default:
			return fmt.Errorf("token from %s/docCenter: %s", c.site, ae.msg)
		}
		c.retries++
		c.log("token from /docCenter: %s; retrying in %s", ae.msg, wait.Round(time.Millisecond))
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func (c *client) bootstrapOnce(ctx context.Context) error {
	u := c.site.JoinPath("/docCenter")
	resp, body, err := c.do(ctx, u)
	if err != nil {
		return err
	}
	if ae := statusError(resp); ae != nil {
		return ae
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == tokenCookie && ck.Value != "" {
			c.token = ck.Value
			return nil
		}
	}
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == tokenCookie && ck.Value != "" {
			c.token = ck.Value
			return nil
		}
	}
	if isHTMLBlock(body) {
		return &attemptError{kind: antiBot, msg: "anti-bot page instead of the doc centre"}
	}
	return &attemptError{kind: permanent, msg: "no " + tokenCookie + " cookie in the answer"}
}

// do sends one GET and reads the whole body.
func (c *client) do(ctx context.Context, u *url.URL) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "application/json, text/plain, */*")
	req.Header.Set("Referer", c.site.String()+"/docCenter")
	if err := c.wait(ctx); err != nil {
		return nil, nil, err
	}
	c.requests++
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, &attemptError{kind: transient, msg: "network error: " + shortErr(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, &attemptError{kind: transient, msg: "network error reading the answer: " + shortErr(err)}
	}
	if int64(len(body)) > c.opts.MaxBody {
		return nil, nil, &attemptError{kind: permanent, msg: fmt.Sprintf("answer larger than %d bytes", c.opts.MaxBody)}
	}
	return resp, body, nil
}

// shortErr drops the URL (which holds the token) from a client error.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// statusError classifies a non-200 status.
func statusError(resp *http.Response) *attemptError {
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable ||
		resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout:
		ae := &attemptError{kind: transient, msg: "HTTP " + resp.Status}
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
			ae.retryAfter = min(time.Duration(s)*time.Second, 10*time.Minute)
		}
		return ae
	}
	return &attemptError{kind: permanent, msg: "HTTP " + resp.Status}
}

// attempt sends one handler request and reads the envelope.
func (c *client) attempt(ctx context.Context, path string, q url.Values) (json.RawMessage, error) {
	u := c.site.JoinPath(path)
	u.RawQuery = q.Encode()
	resp, body, err := c.do(ctx, u)
	if err != nil {
		return nil, err
	}
	if ae := statusError(resp); ae != nil {
		return nil, ae
	}
	return envelope(body)
}

// isHTMLBlock reports an HTML page where JSON was expected.
func isHTMLBlock(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '<'
}

// envelope reads {"success":true,"data":…} and classifies every other answer.
func envelope(body []byte) (json.RawMessage, error) {
	if isHTMLBlock(body) {
		return nil, &attemptError{kind: antiBot, msg: "HTML page instead of JSON (anti-bot check)"}
	}
	var env struct {
		Success *bool           `json:"success"`
		Data    json.RawMessage `json:"data"`
		ErrMsg  string          `json:"errMsg"`
		ErrCode string          `json:"errCode"`
		Ret     []string        `json:"ret"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, &attemptError{kind: transient, msg: "malformed or truncated JSON answer: " + err.Error()}
	}
	for _, r := range env.Ret {
		if strings.Contains(r, "FAIL_SYS_USER_VALIDATE") || strings.Contains(r, "RGV587") {
			return nil, &attemptError{kind: antiBot, msg: strings.Join(env.Ret, " ")}
		}
	}
	if env.Success == nil {
		return nil, &attemptError{kind: permanent, msg: "answer without \"success\": want {\"success\":true,\"data\":{…}}"}
	}
	if !*env.Success {
		msg := strings.TrimSpace(env.ErrCode + " " + env.ErrMsg)
		if strings.Contains(env.ErrMsg, "过期") || strings.Contains(strings.ToLower(env.ErrMsg+env.ErrCode), "token") {
			return nil, &attemptError{kind: expired, msg: msg}
		}
		return nil, &attemptError{kind: permanent, msg: "success=false: " + msg}
	}
	d := bytes.TrimSpace(env.Data)
	if len(d) == 0 || d[0] != '{' {
		return nil, &attemptError{kind: permanent, msg: "\"data\" is not an object"}
	}
	return env.Data, nil
}
