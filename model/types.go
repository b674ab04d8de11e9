package model

import (
	"fmt"
	"regexp"
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
