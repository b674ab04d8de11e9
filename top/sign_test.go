package top

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func knownAnswerParams() map[string]string {
	return map[string]string{
		"method":      "taobao.item.seller.get",
		"app_key":     "12345678",
		"session":     "test",
		"timestamp":   "2016-01-01 12:00:00",
		"format":      "json",
		"v":           "2.0",
		"sign_method": "md5",
		"fields":      "num_iid,title,nick,price,num",
		"num_iid":     "11223344",
	}
}

// sign signs params (a "sign" key included) through a Params, as a call does.
func sign(params map[string]string, secret string, m SignMethod) string {
	var ps Params
	for k, v := range params {
		ps.String(k, v)
	}
	ps.sort()
	var out [64]byte
	return string(out[:ps.signTo(&out, secret, m)])
}

func TestSignKnownAnswerMD5(t *testing.T) {
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", sign(knownAnswerParams(), "helloworld", SignMD5))
}

func concatFor(params map[string]string) string {
	// Independent reference: simple sorted concatenation.
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	var b strings.Builder
	for _, k := range keys {
		if k == "sign" || strings.TrimSpace(params[k]) == "" {
			continue
		}
		b.WriteString(k)
		b.WriteString(params[k])
	}
	return b.String()
}

func TestSignHMAC(t *testing.T) {
	for _, secret := range []string{"helloworld", strings.Repeat("s3cr3t", 20)} {
		p := knownAnswerParams()
		s := concatFor(p)
		require.True(t, strings.HasPrefix(s, "app_key12345678fields"))

		m := hmac.New(md5.New, []byte(secret))
		m.Write([]byte(s))
		assert.Equal(t, strings.ToUpper(hex.EncodeToString(m.Sum(nil))), sign(p, secret, SignHMAC))

		m = hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(s))
		assert.Equal(t, strings.ToUpper(hex.EncodeToString(m.Sum(nil))), sign(p, secret, SignHMACSHA256))

		sum := md5.Sum([]byte(secret + s + secret))
		assert.Equal(t, strings.ToUpper(hex.EncodeToString(sum[:])), sign(p, secret, SignMD5))
	}
}

func TestSignDropsBlankAndSign(t *testing.T) {
	p := knownAnswerParams()
	want := sign(p, "helloworld", SignMD5)
	p["empty"] = ""
	p["blank"] = " \t\u3000 "
	p["sign"] = "WHATEVER"
	assert.Equal(t, want, sign(p, "helloworld", SignMD5))
	p["nbsp"] = "\u00a0" // not whitespace for Java
	assert.NotEqual(t, want, sign(p, "helloworld", SignMD5))
}

func TestSignSkipsFiles(t *testing.T) {
	var ps Params
	for k, v := range knownAnswerParams() {
		ps.String(k, v)
	}
	ps.File("image", &File{Name: "a.png", Content: []byte("xx")})
	ps.sort()
	var out [64]byte
	assert.Equal(t, "66987CB115214E59E6EC978214934FB8", string(out[:ps.signTo(&out, "helloworld", SignMD5)]))
	for _, m := range []SignMethod{SignMD5, SignHMAC, SignHMACSHA256} {
		ps.signTo(&out, "helloworld", m) // (an HMAC is made once per Params)
		assert.Zero(t, testing.AllocsPerRun(100, func() { ps.signTo(&out, "helloworld", m) }), m)
	}
}

func TestIsBlank(t *testing.T) {
	assert.True(t, IsBlank(""))
	assert.True(t, IsBlank(" \t\r\n\v\f"))
	assert.True(t, IsBlank("\u3000\u2028"))
	assert.False(t, IsBlank("\u00a0"))
	assert.False(t, IsBlank(" a "))
}

// checkSort sorts params of the keys and compares the order with a
// stable sort of their indexes.
func checkSort(t *testing.T, keys []string) {
	t.Helper()
	var ps Params
	for i, k := range keys {
		ps.ps = append(ps.ps, param{key: k, str: strings.Repeat("v", i)})
	}
	ps.sort()
	want := make([]int, len(keys))
	for i := range want {
		want[i] = i
	}
	slices.SortStableFunc(want, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	require.Equal(t, want, append([]int{}, ps.order...), keys)
}

func TestParamSetSortIsStableByteOrder(t *testing.T) {
	for _, keys := range [][]string{{"a", "b", "c", "a", "b"}, {"b", "c", "a", "b", "d"}, {"x", "a"}, {"a", "a", "a"}, {}} {
		checkSort(t, keys)
	}
	keys := []string{"a", "ab", "ab\x00", "ab\x00c", "abcdefgh", "abcdefghi", "abcdefgh\x00", "abcdefgg", "b", "", "\xff", "\xffa",
		"timestamp", "target_app_key", "trade_no", "format", "fund_bill_list", "a", "ab", "abcdefghi"}
	for n := 1; n <= len(keys); n++ {
		checkSort(t, keys[:n])
		var five []string
		for range 5 {
			five = append(five, keys[:n]...)
		}
		checkSort(t, five)
	}
	// One, two (merged) or more sorted runs, with repeated keys.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var keys []string
		for range rng.IntN(4) + 1 {
			run := make([]string, rng.IntN(8))
			for i := range run {
				run[i] = string(rune('a' + rng.IntN(5)))
			}
			slices.Sort(run)
			keys = append(keys, run...)
		}
		checkSort(t, keys)
	}
}

func TestSignManyParams(t *testing.T) {
	p := map[string]string{}
	for i := range 100 {
		p[fmt.Sprintf("key_%03d_%d", (i*37)%100, i%3)] = fmt.Sprint("v", i)
	}
	p["prefix_same_a"], p["prefix_same_b"], p["prefix_s"] = "1", "2", "3"
	sum := md5.Sum([]byte("secret" + concatFor(p) + "secret"))
	assert.Equal(t, strings.ToUpper(hex.EncodeToString(sum[:])), sign(p, "secret", SignMD5))
}
