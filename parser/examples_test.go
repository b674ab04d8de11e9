package parser

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExampleJavaValue(t *testing.T) {
	for expr, want := range map[string]string{
		`"abc"`:          "abc",
		`"{\"k1\":v1}"`:  `{"k1":v1}`,
		`"a\\b\n\u4e2d"`: "a\\b\n中",
		`"\101"`:         "A",
		`180L`:           "180",
		`-3`:             "-3",
		`1.5D`:           "1.5",
		`true`:           "true",
		`StringUtils.parseDateTime("2017-01-20 13:00:00")`: "2017-01-20 13:00:00",
		`new FileItem("/tmp/a.jpg")`:                       "/tmp/a.jpg",
		`someCall(1, 2)`:                                   "someCall(1, 2)",
	} {
		got, ok := javaValue(expr)
		assert.True(t, ok, expr)
		assert.Equal(t, want, got, expr)
	}
	_, ok := javaValue("null")
	assert.False(t, ok)
}

// dump renders an example tree as "key=value" and nested braces.
func dump(n *exNode) string {
	if n == nil {
		return "<nil>"
	}
	s := n.key
	if n.list {
		s += "[]"
	}
	if n.hasValue {
		s += "=" + n.value
	}
	if len(n.kids) > 0 {
		s += "{"
		for i, k := range n.kids {
			if i > 0 {
				s += " "
			}
			s += dump(k)
		}
		s += "}"
	}
	return s
}

func TestExampleJavaTree(t *testing.T) {
	src := `TaobaoClient client = new DefaultTaobaoClient(url, appkey, secret);
XRequest req = new XRequest();
List<XRequest.AItem> list1 = new ArrayList<XRequest.AItem>();
XRequest.AItem obj2 = new XRequest.AItem();
list1.add(obj2);
List<XRequest.BItem> list3 = new ArrayList<XRequest.BItem>();
XRequest.BItem obj4 = new XRequest.BItem();
obj4.setX("1");
list3.add(obj4);
obj2.setBList(list3);
obj2.setY(2L);
req.setAList(list1);
req.setIds("1,2");
obj4.setSelf(obj4);
XResponse rsp = client.execute(req, sessionKey);`
	pr := &probs{file: "x"}
	je := parseJavaExample(&block{text: src, line: 10}, pr)
	assert.Empty(t, pr.warns)
	assert.True(t, je.session)
	assert.Equal(t, "{alist[]{aitem{blist[]{bitem{x=1 self}} y=2}} ids=1,2}", dump(je.root))
	assert.Equal(t, 21, je.root.kids[0].line, "the line of req.setAList")

	je = parseJavaExample(&block{text: "XRequest req = new XRequest();\nclient.execute(req);", line: 1}, pr)
	assert.False(t, je.session)
	assert.True(t, je.sessionSeen)
}

func TestExampleXML(t *testing.T) {
	pr := &probs{file: "x"}
	root := parseXMLExample(&block{text: "<r>\n  <a>1</a>\n  <l><number>4</number><number>1</number></l>\n  <o><b>{&quot;k&quot;:1}</b></o>\n</r>", line: 5}, "XML", pr)
	require.Empty(t, pr.errs)
	assert.Equal(t, "r{a=1 l{number=4 number=1} o{b={\"k\":1}}}", dump(root))
	assert.Equal(t, 6, root.kids[0].line)

	for src, want := range map[string]string{
		"<r>\n<a>1</b>\n</r>": "6: XML: want well-formed XML: element <a> closed by </b>",
		"<r></r>\n<s></s>":    "6: XML: want one root element, found a second one <s>",
		"<r></r>\ntrailing":   "6: XML: want only XML, found text \"trailing\" outside the root element",
		"<r>\n<a>1</a>\n":     "7: XML: want well-formed XML: unexpected EOF",
		"just text":           "5: XML: want only XML, found text \"just text\" outside the root element",
	} {
		pr := &probs{file: "x"}
		assert.Nil(t, parseXMLExample(&block{text: src, line: 5}, "XML", pr), src)
		if assert.Len(t, pr.errs, 1, src) {
			assert.Equal(t, want, fmt.Sprintf("%d: %s", pr.errs[0].Line, pr.errs[0].Msg), src)
		}
	}
}

func TestExampleBlockDedent(t *testing.T) {
	b := newBlock([]string{"", "   ", "    <a>  ", "        <b/>", "    </a>", ""}, 3)
	assert.Equal(t, &block{text: "<a>\n    <b/>\n</a>", line: 5}, b)
	assert.Nil(t, newBlock([]string{" ", ""}, 1))
}
