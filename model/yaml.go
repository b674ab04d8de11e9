package model

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// SchemaLine is the first line of every model: editors that speak the
// YAML language server validate the model against its JSON Schema.
const SchemaLine = "# yaml-language-server: $schema=https://raw.githubusercontent.com/topgen/topgen/main/schema/model.schema.json\n"

// Marshal renders a model as YAML: SchemaLine, then two-space indent,
// fields in document order.
func Marshal(a *API) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(SchemaLine)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Unmarshal loads a model strictly: an unknown key, a value of the wrong
// type or an invalid fact is an error naming file and line. Every problem
// found is returned, as Problems.
func Unmarshal(file string, data []byte) (*API, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Problems{yamlError(file, err)}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, Problems{{File: file, Line: 1, Msg: "want one YAML document holding an API model"}}
	}
	doc := root.Content[0]
	var errs Problems
	checkKeys(file, doc, reflect.TypeOf(API{}), &errs)
	a := new(API)
	if err := doc.Decode(a); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				errs = append(errs, yamlError(file, errors.New(m)))
			}
		} else {
			errs = append(errs, yamlError(file, err))
		}
	}
	// Validate what did decode, so that one bad value hides no other problem.
	errs = append(errs, validate(file, a, doc)...)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	if len(errs) > 0 {
		return nil, errs
	}
	return a, nil
}

// yamlError turns a yaml.v3 message ("yaml: line 3: ...") into an Error.
func yamlError(file string, err error) *Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &Problem{File: file, Line: line, Msg: msg}
}

// checkKeys reports mapping keys that the Go type t has no field for.
func checkKeys(file string, n *yaml.Node, t reflect.Type, errs *Problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			fields[name] = sf.Type
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, &Problem{File: file, Line: k.Line,
					Msg: fmt.Sprintf("unknown key %q; want one of: %s", k.Value, strings.Join(names, ", "))})
				continue
			}
			checkKeys(file, v, ft, errs)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for _, c := range n.Content {
			checkKeys(file, c, t.Elem(), errs)
		}
	}
}

// validate checks the facts a YAML decoder cannot: required keys and
// well-formed types. doc is the API's mapping node, used for line numbers.
func validate(file string, a *API, doc *yaml.Node) Problems {
	var errs Problems
	add := func(n *yaml.Node, format string, args ...any) {
		line := 0
		if n != nil {
			line = n.Line
		}
		errs = append(errs, &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	if a.Method == "" {
		add(doc, "missing key \"method\": want the TOP method name")
	} else if err := CheckMethod(a.Method); err != nil {
		add(valueNode(doc, "method"), "%v", err)
	}
	objects := ObjectTypes(a)
	switch a.Source.Format {
	case FormatText, FormatHTML, FormatJSON:
	default:
		add(valueNode(valueNode(doc, "source"), "format"), "source.format %q: want text, html or json", a.Source.Format)
	}
	var walk func(fs []*Field, seq *yaml.Node, path string, sec Section)
	walk = func(fs []*Field, seq *yaml.Node, path string, sec Section) {
		for i, f := range fs {
			var n *yaml.Node
			if seq != nil && i < len(seq.Content) {
				n = seq.Content[i]
			}
			if f == nil {
				add(n, "%s item %d of %q: empty list item; want a field (a mapping with name and type)", sec, i+1, strings.TrimSuffix(path, "."))
				continue
			}
			p := path + f.Name
			if f.Name == "" {
				add(n, "%s field %d: missing key \"name\"", sec, i+1)
			} else if !IsWireName(f.Name) {
				add(valueNode(n, "name"), "%s field %q: want a wire name without spaces, control characters, quotes, backslashes, backquotes or commas", sec, p)
			}
			if f.Type == "" {
				add(n, "%s field %q: missing key \"type\"", sec, p)
			} else if t, _, err := ParseType(f.Type); err != nil || t != f.Type {
				add(valueNode(n, "type"), "%s field %q: type %q: want a bare TOP type name (lists use list: true)", sec, p, f.Type)
			} else if err := CheckType(f, objects); err != nil {
				add(valueNode(n, "type"), "%s field %q: %v", sec, p, err)
			}
			for key, v := range map[string]string{"go_name": f.GoName, "go_type": f.GoType} {
				if v != "" && (!token.IsIdentifier(v) || !token.IsExported(v)) {
					add(valueNode(n, key), "%s field %q: %s %q: want an exported Go identifier", sec, p, key, v)
				}
			}
			if sec == Response && f.Required {
				add(valueNode(n, "required"), "response field %q: required applies to request fields only", p)
			}
			if f.List {
				p += "[]"
			}
			walk(f.Fields, valueNode(n, "fields"), p+".", sec)
		}
	}
	walk(a.Request, valueNode(doc, "request"), "", Request)
	walk(a.Response, valueNode(doc, "response"), "", Response)
	for i, c := range a.Constraints {
		n := valueNode(doc, "constraints")
		if n != nil && i < len(n.Content) {
			n = n.Content[i]
		}
		if c.Kind != AtLeastOneOf {
			add(n, "constraint %d: kind %q: want at_least_one_of", i+1, c.Kind)
		}
		if len(c.Fields) < 2 {
			add(n, "constraint %d: want at least two fields", i+1)
		}
		for _, p := range c.Fields {
			if Lookup(a.Fields(Section(c.Section)), p) == nil {
				add(n, "constraint %d: no %s field %q", i+1, c.Section, p)
			}
		}
	}
	return errs
}

// IsWireName reports whether s can be a field's wire name: not empty, and
// without spaces, control characters, quotes, backslashes, backquotes or
// commas (they would break the tab-separated fields listing, a struct tag
// or a form key).
func IsWireName(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(",\"\\`", r)
	})
}

// valueNode returns the value of key in a mapping node, or nil.
func valueNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Lookup finds a field by dotted path ("fund_bill_list[].amount" or
// "fund_bill_list.amount"), or returns nil.
func Lookup(fs []*Field, path string) *Field {
	var f *Field
	for _, name := range strings.Split(path, ".") {
		name = strings.TrimSuffix(name, "[]")
		f = nil
		for _, c := range fs {
			if c != nil && c.Name == name {
				f = c
				break
			}
		}
		if f == nil {
			return nil
		}
		fs = f.Fields
	}
	return f
}

// IsModelYAML reports whether YAML text is meant as an API model: a
// mapping with a "method" key. Other YAML, such as a diff ignore file (a
// list), is not a model and is never loaded as one.
func IsModelYAML(data []byte) bool {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return true // broken YAML is reported by Unmarshal
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return false
	}
	return valueNode(root.Content[0], "method") != nil
}
