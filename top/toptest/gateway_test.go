package toptest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func knownParams() map[string]string {
	return map[string]string{
		"method": "taobao.item.seller.get", "app_key": "12345678", "session": "test",
		"timestamp": "2016-01-01 12:00:00", "format": "json", "v": "2.0", "sign_method": "md5",
		"fields": "num_iid,title,nick,price,num", "num_iid": "11223344",
	}
}

func TestSignKnownAnswer(t *testing.T) {
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", Sign(knownParams(), "helloworld", "md5"))
	p := knownParams()
	p["blank"] = "  "
	p["sign"] = "whatever"
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", Sign(p, "helloworld", "md5"), "blank values and sign are not signed")
}

// post sends p the way the Java SDK does: system parameters in the query,
// the others in a UTF-8 form body.
func post(t *testing.T, g *Gateway, p map[string]string, ct string) (int, string) {
	t.Helper()
	query, form := url.Values{}, url.Values{}
	for k, v := range p {
		if IsSystemParam(k) {
			query.Set(k, v)
		} else {
			form.Set(k, v)
		}
	}
	resp, err := http.Post(g.URL+"?"+query.Encode(), ct, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(body)
}

func TestGatewayChecksSignature(t *testing.T) {
	g := New("helloworld", func(r *Request) (string, []byte) { return "application/json", []byte(`{"ok":true}`) })
	defer g.Close()
	p := knownParams()
	p["sign"] = Sign(p, "helloworld", "md5")
	_, body := post(t, g, p, "application/x-www-form-urlencoded;charset=UTF-8")
	assert.Equal(t, `{"ok":true}`, body)
	require.NotNil(t, g.Last())
	assert.True(t, g.Last().SignOK)
	assert.Empty(t, g.Last().Layout)
	assert.Equal(t, "11223344", g.Last().Params["num_iid"])

	p["sign"] = "BAD"
	_, body = post(t, g, p, "application/x-www-form-urlencoded;charset=UTF-8")
	assert.Contains(t, body, "error_response")
	assert.False(t, g.Last().SignOK)
	assert.Len(t, g.Requests(), 2)
}

// A request that is not laid out as the Java SDK lays it out is refused
// with the list of differences.
func TestGatewayChecksLayout(t *testing.T) {
	g := New("helloworld", func(r *Request) (string, []byte) { return "application/json", []byte(`{"ok":true}`) })
	defer g.Close()
	p := knownParams()
	p["sign"] = Sign(p, "helloworld", "md5")

	// Everything in the body, no charset: the pre-Java layout.
	form := url.Values{}
	for k, v := range p {
		form.Set(k, v)
	}
	resp, err := http.Post(g.URL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), `system parameter "method" in the body`)
	assert.Contains(t, string(body), "has no charset=UTF-8")

	// A business parameter in the query.
	resp, err = http.Post(g.URL+"?num_iid=1", "application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(""))
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `business parameter "num_iid" in the URL query`)

	// Multipart text parts must be typed text/plain;charset=UTF-8.
	var buf strings.Builder
	buf.WriteString("--B\r\nContent-Disposition: form-data; name=\"num_iid\"\r\n\r\n1\r\n--B--\r\n")
	resp, err = http.Post(g.URL, "multipart/form-data;charset=UTF-8;boundary=B", strings.NewReader(buf.String()))
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `text part "num_iid" has Content-Type ""`)
}
