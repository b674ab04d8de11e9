package top_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
)

// slogInterceptor logs every call: method, duration, request_id and the
// TOP error code. It never sees the secret, the session or the sign.
func slogInterceptor(log *slog.Logger) top.Interceptor {
	return func(ctx context.Context, inv *top.Invocation, next func(context.Context) error) error {
		start := time.Now()
		err := next(ctx)
		attrs := []any{"method", inv.Method, "duration", time.Since(start), "request_id", inv.RequestID, "attempts", inv.Attempts}
		var te *top.Error
		if errors.As(err, &te) {
			attrs = append(attrs, "code", te.Code, "sub_code", te.SubCode)
		}
		if err != nil {
			log.LogAttrs(ctx, slog.LevelWarn, "top call failed", slog.Group("call", attrs...))
		} else {
			log.LogAttrs(ctx, slog.LevelInfo, "top call", slog.Group("call", attrs...))
		}
		return err
	}
}

// Logging calls with log/slog through an interceptor.
func ExampleWithInterceptor() {
	gw := toptest.New("app-secret", func(r *toptest.Request) (string, []byte) {
		if r.Params["method"] == "taobao.time.get" {
			return "application/json", []byte(`{"time_get_response":{"time":"2024-01-01 00:00:00","request_id":"16a8lka2v5m5e"}}`)
		}
		return "application/json", []byte(`{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.invalid-parameter","request_id":"9x2kq0ffe"}}`)
	})
	defer gw.Close()

	stable := func(_ []string, a slog.Attr) slog.Attr { // for a reproducible example output
		switch a.Key {
		case slog.TimeKey:
			return slog.Attr{}
		case "duration":
			return slog.String("duration", "1ms")
		}
		return a
	}
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: stable}))
	c := top.NewClient("12345678", "app-secret", top.WithGateway(gw.URL), top.WithInterceptor(slogInterceptor(log)))

	_ = c.Do(context.Background(), top.Call{Method: "taobao.time.get"}, nil, nil, top.WithSession("user-session"))
	_ = c.Do(context.Background(), top.Call{Method: "taobao.item.get"}, nil, nil, top.WithSession("user-session"))
	// Output:
	// level=INFO msg="top call" call.method=taobao.time.get call.duration=1ms call.request_id=16a8lka2v5m5e call.attempts=1
	// level=WARN msg="top call failed" call.method=taobao.item.get call.duration=1ms call.request_id=9x2kq0ffe call.attempts=1 call.code=15 call.sub_code=isv.invalid-parameter
}

// The log of the slog interceptor never holds the secret, the session or
// the sign, whatever the outcome.
func TestSlogInterceptorKeepsSecrets(t *testing.T) {
	const secret, session = "app-secret-42", "user-session-42"
	var signs []string
	gw := toptest.New(secret, func(r *toptest.Request) (string, []byte) {
		signs = append(signs, r.Params["sign"])
		switch r.Params["method"] {
		case "a.ok":
			return "application/xml", []byte(`<a_ok_response><request_id>rid-xml</request_id></a_ok_response>`)
		case "a.limit":
			return "application/json", []byte(`{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-api-access-count","sub_msg":"This ban will last for 3 more seconds","request_id":"rid-7"}}`)
		}
		return "text/html", []byte("<html>oops</html>")
	})
	defer gw.Close()
	var buf bytes.Buffer
	c := top.NewClient("12345678", secret, top.WithGateway(gw.URL),
		top.WithInterceptor(slogInterceptor(slog.New(slog.NewJSONHandler(&buf, nil)))))
	require.NoError(t, c.Do(context.Background(), top.Call{Method: "a.ok", Session: true}, nil, nil, top.WithSession(session), top.WithCallFormat(top.FormatXML)))
	for _, m := range []string{"a.limit", "a.html"} {
		require.Error(t, c.Do(context.Background(), top.Call{Method: m, Session: true}, nil, nil, top.WithSession(session)))
	}
	out := buf.String()
	assert.Equal(t, 3, strings.Count(out, "\n"), out)
	assert.Contains(t, out, `"request_id":"rid-xml"`)
	assert.Contains(t, out, `"request_id":"rid-7"`)
	assert.Contains(t, out, `"code":7`)
	assert.Contains(t, out, `"duration":`)
	require.Len(t, signs, 3)
	for _, s := range append(signs, secret, session) {
		assert.NotContains(t, out, s)
	}
}

// Interceptors run in the order added, around the whole call (all its
// attempts), and may short-circuit it.
func TestInterceptorOrder(t *testing.T) {
	gw := toptest.New("s", func(r *toptest.Request) (string, []byte) {
		return "application/json", []byte(`{"error_response":{"code":15,"sub_code":"isp.busy"}}`)
	})
	defer gw.Close()
	var trace []string
	mk := func(name string) top.Interceptor {
		return func(ctx context.Context, inv *top.Invocation, next func(context.Context) error) error {
			trace = append(trace, name+">")
			err := next(ctx)
			trace = append(trace, fmt.Sprintf("<%s attempts=%d", name, inv.Attempts))
			return err
		}
	}
	c := top.NewClient("k", "s", top.WithGateway(gw.URL), top.WithInterceptor(mk("outer")), top.WithInterceptor(mk("inner")),
		top.WithRetry(top.RetryPolicy{MaxAttempts: 2, Backoff: time.Millisecond}))
	require.Error(t, c.Do(context.Background(), top.Call{Method: "m"}, nil, nil))
	assert.Equal(t, []string{"outer>", "inner>", "<inner attempts=2", "<outer attempts=2"}, trace)

	stop := errors.New("circuit open")
	c = top.NewClient("k", "s", top.WithGateway(gw.URL), top.WithInterceptor(func(context.Context, *top.Invocation, func(context.Context) error) error { return stop }))
	n := len(gw.Requests())
	require.ErrorIs(t, c.Do(context.Background(), top.Call{Method: "m"}, nil, nil), stop)
	assert.Len(t, gw.Requests(), n, "nothing sent")
}
