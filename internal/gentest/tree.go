// Package gentest holds model-aware helpers for end-to-end tests of generated
// SDK code: it turns a page's XML response example into every wire form TOP
// sends (XML, JSON with wrapped lists, simplify JSON), serves a subset of
// values in the odd JSON shapes the Java SDK's converters accept (Oddify),
// checks that every example value came back in a decoded Go response, and
// fills a generated
// request from the model's examples, driven by gen.Plan. It is internal:
// the generated package's and the corpus's end-to-end tests use it.
package gentest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/topgen/topgen/model"
)

// Node is one value of a response example, typed by the model.
type Node struct {
	// Name is the element's name (the field's wire name; for list items, the item element's name).
	Name string
	// Field is the model field the node is a value of (for list items, the list's field).
	Field *model.Field
	// Text is a scalar's text.
	Text string
	// Kids are an object's fields, or a list's items.
	Kids []*Node
	// Item reports a list item.
	Item bool
	// Odd is the odd JSON shape the value is served in (see Oddify); the
	// node's Text and Kids are then what the Java SDK's converters make
	// of it, which the decoded Go value must equal.
	Odd Odd
}

type element struct {
	name string
	text strings.Builder
	kids []*element
}

func parseXML(s string) (*element, error) {
	dec := xml.NewDecoder(strings.NewReader(s))
	var stack []*element
	var root *element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &element{name: t.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			} else if root == nil {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// FromXML reads a response example (`<x_response>…</x_response>`) into
// nodes typed by the model's response fields. Elements the model does not
// know are an error.
func FromXML(api *model.API, example string) ([]*Node, error) {
	root, err := parseXML(example)
	if err != nil {
		return nil, fmt.Errorf("%s: response example: %v", api.Method, err)
	}
	return typed(root.kids, api.Response, "")
}

func typed(els []*element, fields []*model.Field, path string) ([]*Node, error) {
	var out []*Node
	for _, e := range els {
		f := find(fields, e.name)
		if f == nil {
			return nil, fmt.Errorf("example element %s%s: no such field in the model", path, e.name)
		}
		n := &Node{Name: e.name, Field: f}
		switch {
		case f.List:
			for _, it := range e.kids {
				item := &Node{Name: it.name, Field: f, Item: true}
				if isObject(f) {
					kids, err := typed(it.kids, f.Fields, path+e.name+"[].")
					if err != nil {
						return nil, err
					}
					item.Kids = kids
				} else {
					item.Text = strings.TrimSpace(it.text.String())
				}
				n.Kids = append(n.Kids, item)
			}
		case isObject(f):
			kids, err := typed(e.kids, f.Fields, path+e.name+".")
			if err != nil {
				return nil, err
			}
			n.Kids = kids
		default:
			n.Text = strings.TrimSpace(e.text.String())
		}
		out = append(out, n)
	}
	return out, nil
}

// isObject reports a field decoded as a Go struct: an object with sub-fields.
// An object type without sub-fields is raw JSON (top.JSON) in generated code.
func isObject(f *model.Field) bool {
	return model.KindOf(f) == model.KindObject && len(f.Fields) > 0
}

func find(fs []*model.Field, name string) *model.Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Synthesize makes a response example from the model alone: every field
// once, lists with one item, values from the examples or made up by type.
func Synthesize(fields []*model.Field) []*Node {
	var out []*Node
	for _, f := range fields {
		n := &Node{Name: f.Name, Field: f}
		switch {
		case f.List:
			item := &Node{Name: ItemKey(f), Field: f, Item: true}
			if isObject(f) {
				item.Kids = Synthesize(f.Fields)
			} else {
				item.Text = SampleValue(f)
			}
			n.Kids = []*Node{item}
		case isObject(f):
			n.Kids = Synthesize(f.Fields)
		default:
			n.Text = SampleValue(f)
		}
		out = append(out, n)
	}
	return out
}

var numberRE = regexp.MustCompile(`^-?[0-9]+$`)

// SampleValue is a valid value for a scalar field: its example when that
// fits its type and limits, else one made up.
func SampleValue(f *model.Field) string {
	ex := strings.TrimSpace(f.Example)
	if f.List && strings.Contains(ex, ",") {
		ex = strings.TrimSpace(strings.Split(ex, ",")[0])
	}
	if len(f.Enum) > 0 {
		ex = f.Enum[0].Value
	}
	if IsByte(f) {
		return byteSample(f)
	}
	switch model.ScalarKind(f.Type) {
	case model.KindNumber:
		if !numberRE.MatchString(ex) {
			ex = "1"
		}
		if f.MinValue != nil && numberRE.MatchString(string(*f.MinValue)) {
			ex = string(*f.MinValue)
		}
	case model.KindBoolean:
		if ex != "true" && ex != "false" {
			ex = "true"
		}
	case model.KindDate:
		if len(ex) != len("2006-01-02 15:04:05") {
			ex = "2017-01-20 13:00:00"
		}
	case model.KindDecimal:
		if _, err := strconv.ParseFloat(ex, 64); err != nil {
			ex = "12.50"
		}
	case model.KindJSON, model.KindMap:
		if !json.Valid([]byte(ex)) || !strings.HasPrefix(ex, "{") {
			ex = `{"k":"v"}`
		}
	case model.KindObject: // an object type without sub-fields: raw JSON
		ex = "{}"
	default:
		if ex == "" {
			ex = "x"
		}
		if f.MaxLength != nil && int64(len([]rune(ex))) > *f.MaxLength {
			ex = string([]rune(ex)[:*f.MaxLength])
		}
	}
	return ex
}

// IsByte reports a TOP byte (java.lang.Byte, a small integer; a list of
// them when f.List), as opposed to byte[] (a file).
func IsByte(f *model.Field) bool {
	return strings.EqualFold(f.Type, "byte")
}

// byteSample is the value of a byte field: -2 (a negative integer, as in
// the corpus's "0:正常，-1:删除，-2:停售"), moved into the field's limits.
func byteSample(f *model.Field) string {
	v := int64(-2)
	if f.MinValue != nil {
		if m, err := strconv.ParseInt(string(*f.MinValue), 10, 64); err == nil && v < m {
			v = m
		}
	}
	if f.MaxValue != nil {
		if m, err := strconv.ParseInt(string(*f.MaxValue), 10, 64); err == nil && v > m {
			v = m
		}
	}
	return strconv.FormatInt(min(max(v, -128), 127), 10)
}

// ItemKey is the key TOP wraps a list's items in: the item type name split
// at every capital letter (CartGoodsVo → cart_goods_vo, ItemDTO →
// item_d_t_o); primitive lists use the lower-case type (string, number).
func ItemKey(f *model.Field) string {
	if model.ScalarKind(f.Type) != model.KindObject {
		return strings.ToLower(strings.TrimSuffix(f.Type, "[]")) // a list of byte[]: byte
	}
	var b strings.Builder
	for i, r := range f.Type {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// XML renders nodes as a response body in format=xml.
func XML(method string, nodes []*Node) []byte {
	var b bytes.Buffer
	root := ResponseKey(method)
	b.WriteString(`<?xml version="1.0" encoding="utf-8" ?><` + root + `>`)
	writeXML(&b, nodes)
	if !hasRequestID(nodes) {
		b.WriteString("<request_id>" + RequestID + "</request_id>")
	}
	b.WriteString(`</` + root + `>`)
	return b.Bytes()
}

func writeXML(b *bytes.Buffer, nodes []*Node) {
	for _, n := range nodes {
		b.WriteString("<" + n.Name + ">")
		if n.Kids != nil {
			writeXML(b, n.Kids)
		} else {
			_ = xml.EscapeText(b, []byte(n.Text))
		}
		b.WriteString("</" + n.Name + ">")
	}
}

// ResponseKey is the key TOP puts a response under: the method with dots
// as underscores, a leading "taobao_" removed, and "_response" added.
func ResponseKey(method string) string {
	return strings.TrimPrefix(strings.ReplaceAll(method, ".", "_"), "taobao_") + "_response"
}

// JSON renders nodes as a response body in format=json: wrapped in the
// response key, lists as {"list":{"item_key":[…]}}; with simplify, no
// wrapper and plain arrays. request_id is the response's last key.
func JSON(method string, nodes []*Node, simplify bool) []byte {
	obj := jsonObject(nodes, simplify)
	if !hasRequestID(nodes) {
		obj["request_id"] = RequestID // inside the response, as TOP sends it
	}
	if !simplify {
		obj = map[string]any{ResponseKey(method): obj}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err) // only maps, slices and scalars: cannot fail
	}
	return b
}

func jsonObject(nodes []*Node, simplify bool) map[string]any {
	obj := map[string]any{}
	for _, n := range nodes {
		obj[n.Name] = jsonValue(n, simplify)
	}
	return obj
}

func jsonValue(n *Node, simplify bool) any {
	f := n.Field
	switch n.Odd {
	case OddNone:
	case OddEmptyString:
		return ""
	case OddEmptyObject:
		return map[string]any{}
	case OddNull:
		return nil
	case OddNumber, OddBool, OddJSON:
		return json.RawMessage(n.Text)
	case OddQuoted:
		return n.Text
	case OddScalarString:
		return "x"
	case OddScalarNumber:
		return json.Number("1")
	}
	if f.List && !n.Item {
		items := []any{}
		for _, it := range n.Kids {
			items = append(items, jsonValue(it, simplify))
		}
		if simplify {
			return items
		}
		return map[string]any{ItemKey(f): items}
	}
	if isObject(f) {
		return jsonObject(n.Kids, simplify)
	}
	switch model.ScalarKind(f.Type) {
	case model.KindNumber:
		if numberRE.MatchString(n.Text) {
			return json.Number(n.Text)
		}
	case model.KindBoolean:
		if b, err := strconv.ParseBool(n.Text); err == nil {
			return b
		}
	}
	return n.Text
}

// WithRequestID returns an XML response (e.g. a doc's example) with
// request_id added as the root's last child, as TOP sends it.
func WithRequestID(xmlBody string) []byte {
	i := strings.LastIndex(xmlBody, "</")
	if i < 0 {
		return []byte(xmlBody)
	}
	return []byte(xmlBody[:i] + "<request_id>" + RequestID + "</request_id>" + xmlBody[i:])
}
