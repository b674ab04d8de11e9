package parser

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// A page saved as GBK/GB18030, UTF-16 or UTF-8 with a BOM parses to the
// same model as the UTF-8 page (no U+FFFD mojibake).
func TestParseConvertsEncodings(t *testing.T) {
	const file = "../specs/alibaba.nlife.b2c.trade.pay.txt"
	utf8Page, err := os.ReadFile(file)
	require.NoError(t, err)
	want, _, err := Parse(file, utf8Page)
	require.NoError(t, err)
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf8Page)
	require.NoError(t, err)
	require.False(t, bytes.Equal(gbk, utf8Page))
	le, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes(utf8Page)
	require.NoError(t, err)
	be, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes(utf8Page)
	require.NoError(t, err)
	for name, data := range map[string][]byte{
		"gb18030":    gbk,
		"utf-8 bom":  append([]byte("\xef\xbb\xbf"), utf8Page...),
		"utf-16le":   le,
		"utf-16be":   be,
		"utf-16 bom": append([]byte("\xff\xfe"), le...),
	} {
		got, _, err := Parse(file, data)
		require.NoError(t, err, name)
		got.Source.SHA256 = want.Source.SHA256
		assert.Equal(t, want, got, name)
		assert.Equal(t, "零售+平台支付订单", got.Title, name)
	}
}

// Bytes that are no known encoding, or text already garbled into U+FFFD,
// are refused with the line, never written as mojibake.
func TestParseRefusesMojibake(t *testing.T) {
	_, _, err := Parse("p.txt", []byte("API名称\nalibaba.a.b\n\x81\x20\x81\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.txt:3: the page is neither UTF-8, UTF-16 nor GBK/GB18030 text")
	_, _, err = Parse("p.json", []byte("{\n\"name\": \"a.b.c\",\n\"apiChineseName\": \"\uFFFD\uFFFD\"}"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.json:3: the page holds the replacement character U+FFFD")
}

// A JSON doc whose name would lead out of the output folder is refused
// before any file is named.
func TestParseRefusesPathTraversal(t *testing.T) {
	data, err := os.ReadFile("testdata/json/limits.json")
	require.NoError(t, err)
	evil := strings.Replace(string(data), `"taobao.limits.fixture.get"`, `"../.github/workflows/ci"`, 1)
	_, _, err = Parse("evil.json", []byte(evil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `evil.json:2: method "../.github/workflows/ci": want two or more dot-joined segments`)
}

// A misspelt type on a page is an error at the line that writes it.
func TestParseMisspeltType(t *testing.T) {
	data, err := os.ReadFile("testdata/json/limits.json")
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"type": "Number[]"`, `"type": "Numbr[]"`, 1)
	_, _, err = Parse("bad.json", []byte(bad))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `bad.json:17: request field "ids": unknown type "Numbr" (a misspelt Number?)`)
}

// A getDocument.json saved as GBK keeps its Chinese text.
func TestParseGBKJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/json/limits.json")
	require.NoError(t, err)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
	require.NoError(t, err)
	api, _, err := Parse("gbk.json", gbk)
	require.NoError(t, err)
	assert.Equal(t, "限制示例", api.Title)
	assert.Equal(t, "标题", api.Request[0].Description)
}
