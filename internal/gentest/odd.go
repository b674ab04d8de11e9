package gentest

import (
	"fmt"
	"hash/fnv"
	"regexp"

	"github.com/topgen/topgen/model"
)

// Odd is a shape in which TOP (or a proxy before it) serves a JSON value
// that is not the one the field's type calls for. Each shape's expected
// result is the Java SDK's converters' (com.taobao.api.internal.mapping):
// written here by hand from those rules, never taken from the decoder under
// test.
type Odd uint8

const (
	OddNone Odd = iota
	// OddNumber serves a String field as a JSON number (10001): Java keeps
	// its text, "10001" (integers only: Java would print a fraction its own
	// way).
	OddNumber
	// OddBool serves a String field as a JSON bool: Java keeps "true".
	OddBool
	// OddJSON serves a String field as a JSON object or array: Java keeps
	// its JSON text (one key, so that key order cannot differ).
	OddJSON
	// OddQuoted serves an integer (Number or byte) as a numeric string
	// ("-1"): Java parses the text, the value is the integer.
	OddQuoted
	// OddEmptyString, OddEmptyObject and OddNull serve a list as "", {} or
	// null: Java makes an empty list (no phantom element).
	OddEmptyString
	OddEmptyObject
	OddNull
	// OddScalarString and OddScalarNumber serve an object field as "x" or
	// 1: Java leaves the object unset, and the rest of the response decodes.
	OddScalarString
	OddScalarNumber
)

var oddNames = [...]string{"none", "string as number", "string as bool", "string as JSON",
	"integer as numeric string", `list as ""`, "list as {}", "list as null",
	"object as string", "object as number"}

func (o Odd) String() string {
	if int(o) < len(oddNames) {
		return oddNames[o]
	}
	return fmt.Sprintf("Odd(%d)", uint8(o))
}

// OddStats counts what a response served: odd shapes by kind, and byte
// values served as JSON numbers.
type OddStats struct {
	Shapes     map[Odd]int
	ByteNumber int // byte values served as JSON numbers
	ByteQuoted int // byte values served as numeric strings
}

// Add adds o's counts to s.
func (s *OddStats) Add(o OddStats) {
	if s.Shapes == nil {
		s.Shapes = map[Odd]int{}
	}
	for k, v := range o.Shapes {
		s.Shapes[k] += v
	}
	s.ByteNumber += o.ByteNumber
	s.ByteQuoted += o.ByteQuoted
}

// Oddify returns a copy of nodes (from Synthesize) in which a deterministic
// subset of values is served in odd JSON shapes, with their text and items
// set to what the Java SDK's converters make of them:
//   - every 5th String field (not a list item, an enum or request_id) as
//     a JSON number, bool, object or array in turn: the Go string is its
//     text / JSON text;
//   - every 2nd byte value and every 7th Number value as a numeric string:
//     the Go integer is its value;
//   - every 3rd list as "", {} or null in turn: the list is empty;
//   - every 4th object (not a list item) as "x" or 1 in turn: it is left
//     unset, and its siblings still decode.
//
// The odd shapes are for the JSON forms; XML has no types to get wrong.
//
// Where each rotation starts depends on all the response's field names, so that
// every shape is served across a corpus of small responses.
func Oddify(nodes []*Node) ([]*Node, OddStats) {
	h := fnv.New32a()
	var names func([]*Node)
	names = func(ns []*Node) {
		for _, n := range ns {
			h.Write([]byte(n.Name + "/"))
			names(n.Kids)
		}
	}
	names(nodes)
	o := &oddifier{salt: int(h.Sum32() % 12), stats: OddStats{Shapes: map[Odd]int{}}}
	return o.nodes(nodes), o.stats
}

type oddifier struct {
	strings, bytes, numbers, lists, objects int
	salt                                    int // where the rotations start
	stats                                   OddStats
}

var intRE = regexp.MustCompile(`^-?[0-9]+$`)

func (o *oddifier) nodes(in []*Node) []*Node {
	seen := map[string]int{}
	for _, n := range in {
		seen[n.Name]++
	}
	out := make([]*Node, len(in))
	for i, n := range in {
		if seen[n.Name] > 1 && !n.Item {
			out[i] = n // a repeated wire name: served once, kept as it is
			continue
		}
		out[i] = o.node(n)
	}
	return out
}

func (o *oddifier) node(n *Node) *Node {
	c := *n
	f := n.Field
	switch {
	case f.List && !n.Item:
		o.lists++
		if o.lists%3 == 0 {
			c.Odd = [...]Odd{OddEmptyString, OddEmptyObject, OddNull}[(o.lists/3-1+o.salt)%3]
			c.Kids = []*Node{}
			break
		}
		c.Kids = o.nodes(n.Kids)
	case isObject(f):
		if !n.Item {
			o.objects++
			if o.objects%4 == 0 {
				c.Odd = [...]Odd{OddScalarString, OddScalarNumber}[(o.objects/4-1+o.salt)%2]
				c.Kids = nil
				break
			}
		}
		c.Kids = o.nodes(n.Kids)
	case IsByte(f):
		o.bytes++
		if o.bytes%2 == 0 {
			c.Odd, c.Text = OddQuoted, "-1"
			o.stats.ByteQuoted++
		} else if intRE.MatchString(n.Text) {
			o.stats.ByteNumber++
		}
	case model.ScalarKind(f.Type) == model.KindNumber:
		o.numbers++
		if o.numbers%7 == 0 && intRE.MatchString(n.Text) {
			c.Odd = OddQuoted
		}
	case model.ScalarKind(f.Type) == model.KindString && !n.Item && f.Name != "request_id" && len(f.Enum) == 0:
		o.strings++
		if o.strings%5 == 0 {
			switch (o.strings/5 - 1 + o.salt) % 4 {
			case 0:
				c.Odd, c.Text = OddNumber, "10001"
			case 1:
				c.Odd, c.Text = OddBool, "true"
			case 2:
				c.Odd, c.Text = OddJSON, `{"k":"v"}`
			default:
				c.Odd, c.Text = OddJSON, `["a",1]`
			}
		}
	}
	if c.Odd != OddNone {
		o.stats.Shapes[c.Odd]++
	}
	return &c
}
