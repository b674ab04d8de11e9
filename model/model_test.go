package model

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ptr[T any](v T) *T { return &v }

func sample() *API {
	return &API{
		Method:      "alibaba.nlife.b2c.trade.pay",
		Title:       "零售+平台支付订单",
		Description: "line one\nline two: with colon",
		Session:     SessionRequired,
		Source:      Source{File: "p.txt", Format: FormatText, SHA256: "ab"},
		Request: []*Field{
			{Name: "trade_no", Type: "String", Example: "10000400000000045678", MaxLength: ptr(int64(64)), Description: "和out_trade_no不能同时为空"},
			{Name: "fund_bill_list", Type: "FundBill", List: true, MaxListSize: ptr(int64(100)), Fields: []*Field{
				{Name: "amount", Type: "Number", Required: true, Example: "180", MinValue: ptr(Number("-1.5")), MaxValue: ptr(Number("100000"))},
				{Name: "type", Type: "String", Enum: []EnumValue{{Value: "CASH", Label: "现金"}, {Value: "ALIPAY"}}},
			}},
			{Name: "out_trade_no", Type: "String"},
			{Name: "img", Type: "byte[]"},
			{Name: "status", Type: "byte"},
		},
		Response:        []*Field{{Name: "ids", Type: "Number", List: true, Example: "true"}},
		Constraints:     []Constraint{{Kind: AtLeastOneOf, Section: "request", Fields: []string{"trade_no", "out_trade_no"}, Text: "和out_trade_no不能同时为空"}},
		ErrorCodes:      []ErrorCode{{Code: "isv.x", Message: "m", Solution: "s"}},
		ResponseExample: "<a_response>\n  <ids><number>1</number></ids>\n</a_response>",
	}
}

func TestRoundTrip(t *testing.T) {
	a := sample()
	b, err := Marshal(a)
	require.NoError(t, err)
	back, err := Unmarshal("x.yaml", b)
	require.NoError(t, err)
	assert.Equal(t, a, back)
	again, err := Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(again), "byte-identical on a second round")
	// Numbers are plain YAML numbers; strings that look like numbers stay strings.
	assert.Contains(t, string(b), "min_value: -1.5\n")
	assert.Contains(t, string(b), "max_length: 64\n")
	assert.Contains(t, string(b), `example: "10000400000000045678"`)
	assert.Contains(t, string(b), `example: "true"`)
}

func TestUnmarshalReportsEveryProblemWithItsLine(t *testing.T) {
	data, err := os.ReadFile("testdata/bad.yaml")
	require.NoError(t, err)
	_, err = Unmarshal("testdata/bad.yaml", data)
	require.Error(t, err)
	var es Problems
	require.ErrorAs(t, err, &es)
	msg := err.Error()
	// One bad value hides no other problem: key, value and semantic
	// problems are all reported in one go, in line order.
	for _, want := range []string{
		`testdata/bad.yaml:2: unknown key "sourc"`,
		`testdata/bad.yaml:5: source.format "pdf": want text, html or json`,
		`testdata/bad.yaml:9: request field "trade_no": type "String []": want a bare TOP type name`,
		`testdata/bad.yaml:10: `, // max_length: many
		`testdata/bad.yaml:11: bad number "x1"`,
		`testdata/bad.yaml:12: bad number "y2"`,
		`testdata/bad.yaml:15: unknown key "colour"`,
		`missing key "name"`,
		`request field "a\tb": want a wire name without spaces`,
		`response field "ok": required applies to request fields only`,
		`no request field "nope"`,
	} {
		assert.Contains(t, msg, want)
	}
	lines := strings.Split(msg, "\n")
	for i, line := range lines {
		assert.Regexp(t, `^testdata/bad\.yaml:\d+: `, line)
		if i > 0 {
			var a, b int
			fmt.Sscanf(lines[i-1], "testdata/bad.yaml:%d:", &a)
			fmt.Sscanf(line, "testdata/bad.yaml:%d:", &b)
			assert.LessOrEqual(t, a, b, "problems in line order")
		}
	}
}

func TestUnmarshalRejectsGarbage(t *testing.T) {
	for _, doc := range []string{"", "- a\n- b\n", "method: [\n", "a: 1\n---\nb: 2\n"} {
		_, err := Unmarshal("g.yaml", []byte(doc))
		assert.Error(t, err, "%q", doc)
	}
}

func TestParseType(t *testing.T) {
	for _, c := range []struct {
		raw, typ string
		list     bool
	}{
		{"String", "String", false}, {"FundBill []", "FundBill", true}, {"Number[]", "Number", true},
		{"", "String", false}, {" ", "String", false}, {"[][]", "String", true}, {"byte[]", "byte[]", false},
		{"byte", "byte", false}, {"byte[][]", "byte[]", true}, {"Byte []", "Byte[]", false}, {"Result[][]", "Result", true},
	} {
		typ, list, err := ParseType(c.raw)
		require.NoError(t, err, c.raw)
		assert.Equal(t, c.typ, typ, c.raw)
		assert.Equal(t, c.list, list, c.raw)
	}
	for _, bad := range []string{"List<String>", "a-b", "1x", "[]String"} {
		_, _, err := ParseType(bad)
		assert.Error(t, err, bad)
	}
}

func TestLines(t *testing.T) {
	var b strings.Builder
	require.NoError(t, WriteLines(&b, sample()))
	assert.Equal(t, strings.Join([]string{
		"alibaba.nlife.b2c.trade.pay\trequest\ttrade_no\tString\toptional\tmax_length=64",
		"alibaba.nlife.b2c.trade.pay\trequest\tfund_bill_list\tFundBill[]\toptional\tmax_list_size=100",
		"alibaba.nlife.b2c.trade.pay\trequest\tfund_bill_list[].amount\tNumber\trequired\tmin_value=-1.5 max_value=100000",
		"alibaba.nlife.b2c.trade.pay\trequest\tfund_bill_list[].type\tString\toptional\t",
		"alibaba.nlife.b2c.trade.pay\trequest\tout_trade_no\tString\toptional\t",
		"alibaba.nlife.b2c.trade.pay\trequest\timg\tbyte[]\toptional\t",
		"alibaba.nlife.b2c.trade.pay\trequest\tstatus\tbyte\toptional\t",
		"alibaba.nlife.b2c.trade.pay\tresponse\tids\tNumber[]\t-\t",
	}, "\n")+"\n", b.String())
}

func TestKindsAndLookup(t *testing.T) {
	// byte is java.lang.Byte (an integer); byte[] and File are files.
	assert.Equal(t, KindNumber, ScalarKind("byte"))
	assert.Equal(t, KindFile, ScalarKind("byte[]"))
	assert.Equal(t, KindFile, ScalarKind("File"))
	a := sample()
	assert.Equal(t, KindObject, KindOf(a.Request[1]))
	assert.Equal(t, KindFile, KindOf(a.Request[3]))
	assert.Equal(t, KindObject, KindOf(&Field{Type: "Price", Fields: []*Field{{Name: "x", Type: "String"}}}), "sub-fields make an object")
	assert.Equal(t, KindDecimal, ScalarKind("BigDecimal"))
	assert.Equal(t, KindJSON, ScalarKind("Json"))
	assert.Equal(t, KindObject, ScalarKind("Result"))
	assert.Same(t, a.Request[1].Fields[0], Lookup(a.Request, "fund_bill_list[].amount"))
	assert.Same(t, a.Request[1].Fields[0], Lookup(a.Request, "fund_bill_list.amount"))
	assert.Nil(t, Lookup(a.Request, "fund_bill_list.nope"))
}

func TestSessionNeedYAML(t *testing.T) {
	for in, want := range map[string]SessionNeed{"true": SessionRequired, "required": SessionRequired, "optional": SessionOptional, "false": SessionNone, "none": SessionNone} {
		a, err := Unmarshal("s.yaml", []byte("method: a.b.c\nsession: "+in+"\nsource: {file: a, format: json, sha256: x}\n"))
		require.NoError(t, err, in)
		assert.Equal(t, want, a.Session, in)
		assert.Equal(t, want == SessionRequired, a.NeedsSession(), in)
	}
	_, err := Unmarshal("s.yaml", []byte("method: a.b.c\nsession: maybe\nsource: {file: a, format: json, sha256: x}\n"))
	assert.EqualError(t, err, `s.yaml:2: session "maybe": want required, optional or none`)
	b, err := Marshal(&API{Method: "a.b.c", Session: SessionOptional, ChangeDiff: &ChangeDiff{Modified: 1, Request: []string{"[+] x"}}})
	require.NoError(t, err)
	assert.Contains(t, string(b), "session: optional\n")
	assert.Contains(t, string(b), "change_diff:\n  modified: 1\n  request:\n    - '[+] x'\n")
}
