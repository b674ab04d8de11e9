package model

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kind classifies a TOP type by how it is encoded.
type Kind int

// The kinds of TOP types.
const (
	KindString  Kind = iota // String and unknown scalars
	KindNumber              // Number, Long, Integer, byte (java.lang.Byte)
	KindBoolean             // Boolean
	KindDate                // Date
	KindDecimal             // Price, BigDecimal, Double, Float
	KindJSON                // Json
	KindMap                 // Map
	KindFile                // byte[] or File (a file upload)
	KindObject              // a named object type with sub-fields
)

// KindOf returns the kind of a field from its type.
// A field with sub-fields is always an object, whatever its type name
// (the corpus has "Price" and "Map" params with sub-fields).
func KindOf(f *Field) Kind {
	if len(f.Fields) > 0 {
		return KindObject
	}
	return ScalarKind(f.Type)
}

// ScalarKind returns the kind of a type name; unknown names are objects.
func ScalarKind(t string) Kind {
	switch strings.ToLower(t) {
	case "string", "", "char", "character":
		return KindString
	case "number", "long", "int", "integer", "short", "byte":
		return KindNumber
	case "boolean", "bool":
		return KindBoolean
	case "date", "datetime":
		return KindDate
	case "price", "bigdecimal", "double", "float":
		return KindDecimal
	case "json":
		return KindJSON
	case "map":
		return KindMap
	case "byte[]", "file":
		return KindFile
	}
	return KindObject
}

var typeRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)?((?:\[\])*)$`)

// ParseType normalises a TOP type as written on a page ("FundBill []",
// "String[]", "", "byte[]") into its element type and list flag.
// An empty type is String. "byte" is java.lang.Byte, a small integer;
// "byte[]" is one file (the Java SDK's FileItem) and is recorded as type
// "byte[]", so "byte[][]" is a list of files. Extra list levels ("[][]")
// are folded into one.
func ParseType(raw string) (typ string, list bool, err error) {
	s := strings.Join(strings.Fields(raw), "")
	m := typeRE.FindStringSubmatch(s)
	if m == nil {
		return "", false, fmt.Errorf("bad type %q: want a type name optionally followed by []", raw)
	}
	typ, dims := m[1], len(m[2])/2
	if typ == "" {
		typ = "String"
	}
	if strings.EqualFold(typ, "byte") && dims > 0 {
		typ += "[]" // one file
		dims--
	}
	return typ, dims > 0, nil
}

// TypeString renders a field's type as in the fields listing: the TOP type
// without spaces, with [] for lists.
func TypeString(f *Field) string {
	t := f.Type
	if f.List {
		t += "[]"
	}
	return t
}

// Number is a numeric limit kept as its decimal text, so that no value is
// rounded. It is written to YAML as a plain number.
type Number string

var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParseNumber checks and normalises a decimal number.
func ParseNumber(s string) (Number, error) {
	s = strings.TrimSpace(s)
	if !numberRE.MatchString(s) {
		return "", fmt.Errorf("bad number %q: want a decimal like -12 or 3.5", s)
	}
	return Number(s), nil
}

// MarshalYAML writes the number as a plain YAML number.
func (n Number) MarshalYAML() (any, error) {
	tag := "!!int"
	if strings.Contains(string(n), ".") {
		tag = "!!float"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(n)}, nil
}

// UnmarshalYAML reads a number written as a YAML number or string.
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	// A *yaml.TypeError lets the decoder go on and report later problems too.
	if node.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a number", node.Line)}}
	}
	v, err := ParseNumber(node.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", node.Line, err)}}
	}
	*n = v
	return nil
}

var methodRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)+$`)

// CheckMethod checks a method name against TOP's grammar: two or more
// dot-joined segments of letters, digits, "_" and "-" (not leading), as in
// every real doc ("alibaba.nlife.b2c.trade.pay"; the corpus also has
// "taobao.miniapp.userInfo.get" and "slb.aliyuncs.com.SetLoadBalancerName.2013-02-21").
// A method names files, so nothing else ("/", "\\", "..", spaces) may pass.
func CheckMethod(m string) error {
	if !methodRE.MatchString(m) {
		return fmt.Errorf("method %q: want two or more dot-joined segments of letters, digits, _ and - (like alibaba.nlife.b2c.trade.pay)", m)
	}
	return nil
}

// builtinTypes lists the TOP scalar type names topgen accepts (any letter
// case): they are the names ScalarKind knows.
var builtinTypes = []string{"String", "Number", "Long", "Integer", "Int", "Short", "Boolean", "Bool",
	"Date", "Datetime", "Price", "BigDecimal", "Double", "Float", "Json", "Map", "byte", "File", "Char", "Character"}

// IsBuiltinType reports whether t is a TOP scalar type name (any letter case).
func IsBuiltinType(t string) bool {
	return ScalarKind(t) != KindObject
}

// ObjectTypes returns the object type names of an API: the types of its
// fields that have sub-fields, at any depth.
func ObjectTypes(a *API) map[string]bool {
	out := map[string]bool{}
	var walk func([]*Field)
	walk = func(fs []*Field) {
		for _, f := range fs {
			if f == nil {
				continue
			}
			if len(f.Fields) > 0 {
				out[f.Type] = true
				walk(f.Fields)
			}
		}
	}
	walk(a.Request)
	walk(a.Response)
	return out
}

// CheckType reports a field whose type looks like a misspelt built-in TOP
// type ("Strng", "Bolean", "Numbr"): it would otherwise become an opaque
// object. Accepted are the built-in types (any letter case), object types
// with sub-fields (objects, from ObjectTypes, or the field's own), and
// other object type names, which real docs use without listing their
// sub-fields ("TimeNodeDO").
func CheckType(f *Field, objects map[string]bool) error {
	if len(f.Fields) > 0 || IsBuiltinType(f.Type) || objects[f.Type] {
		return nil
	}
	near := ""
	for _, b := range builtinTypes {
		max := 1
		if len(f.Type) > 5 {
			max = 2
		}
		if editDistance(strings.ToLower(f.Type), strings.ToLower(b)) <= max {
			near = b
			break
		}
	}
	if near == "" {
		return nil
	}
	names := make([]string, 0, len(objects))
	for n := range objects {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := "an object type with sub-fields"
	if len(names) > 0 {
		msg += " (here: " + strings.Join(names, ", ") + ")"
	}
	return fmt.Errorf("unknown type %q (a misspelt %s?): want a TOP type (%s) or %s", f.Type, near, strings.Join(builtinTypes, ", "), msg)
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
