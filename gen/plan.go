package gen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/topgen/topgen/model"
)

// Import paths used by generated code.
const (
	topPkg     = "github.com/topgen/topgen/top"
	contextPkg = "context"
	timePkg    = "time"
)

// TypeKind says how a GoType is built.
type TypeKind int

// The kinds of GoType.
const (
	Named   TypeKind = iota // a named type: Pkg.Name, or a builtin or local Name
	Pointer                 // *Elem
	Slice                   // []Elem
	List                    // top.List[Elem]
	Map                     // map[string]Elem
)

// GoType is a Go type expression of a generated field or alias.
type GoType struct {
	Kind TypeKind
	Pkg  string  // import path of a Named type; "" for builtins and local types
	Name string  // name of a Named type
	Elem *GoType // element of a Pointer, Slice, List or Map
}

func named(pkg, name string) *GoType     { return &GoType{Kind: Named, Pkg: pkg, Name: name} }
func wrap(k TypeKind, e *GoType) *GoType { return &GoType{Kind: k, Elem: e} }

// String renders the type as Go source, qualifying imported names by the
// last element of their import path ("*int64", "top.List[X_Y]").
func (t *GoType) String() string {
	switch t.Kind {
	case Pointer:
		return "*" + t.Elem.String()
	case Slice:
		return "[]" + t.Elem.String()
	case List:
		return "top.List[" + t.Elem.String() + "]"
	case Map:
		return "map[string]" + t.Elem.String()
	}
	if t.Pkg != "" {
		return t.Pkg[strings.LastIndex(t.Pkg, "/")+1:] + "." + t.Name
	}
	return t.Name
}

// APIPlan is every Go name and type generated for one API. The emitters
// render it; the diff command compares two plans' Idents.
type APIPlan struct {
	API      *model.API
	Name     string        // Go name of the API and of its client method
	File     string        // base name of the API's file, e.g. "taobao_item_get_gen.go"
	Request  *StructPlan   // <Name>Request
	Response *StructPlan   // <Name>Response
	Types    []*StructPlan // nested object types, one per path, in document order, request before response
	Rules    []Rule        // cross-field rules checked by Validate
}

// StructPlan is one generated struct type.
type StructPlan struct {
	Name    string        // Go type name
	TopType string        // TOP type name; "" for the request and response
	Section model.Section // which side of the API it belongs to
	Path    string        // the path it is made for, e.g. "request.fund_bill_list[]"
	Fields  []*FieldPlan
}

// FieldPlan is one field of a generated struct.
type FieldPlan struct {
	Field  *model.Field
	Name   string            // Go field name
	Type   *GoType           // Go type
	Tag    map[string]string // struct tag keys and values
	Doc    []string          // comment lines (without "//")
	Object *StructPlan       // the struct of an object field, else nil
	Enum   *EnumPlan         // the enum alias of the field, else nil
	Repeat bool              // repeats an earlier field's wire name: neither sent nor validated
	Byte   bool              // a request java.lang.Byte: *int64 limited to -128..127
}

// EnumPlan is an alias type with named constants for an enumerated field.
type EnumPlan struct {
	Name   string  // alias name, <Owner>_<Field>
	Base   *GoType // aliased type: string, int64 or top.Int
	Path   string  // path of the field it was made for
	Consts []ConstPlan
}

// ConstPlan is one enum constant.
type ConstPlan struct {
	Name  string
	Value string // wire value: a string, or an integer literal for numeric enums
	Doc   string // the value's label, one safe line
}

// Rule is one cross-field rule of the request, checked by Validate.
type Rule struct {
	Kind   model.ConstraintKind
	Fields []string // dotted wire paths
}

// Ident is one exported identifier the plan generates.
type Ident struct {
	Path   string // "method", "request", "request.fund_bill_list[].amount", "request.x=VALUE"
	Kind   string // "method", "type", "field" or "const"
	Name   string // "T" for types and consts, "T.Field" for fields, the method name for methods
	GoType string // the Go type (aliases "= string"), the signature for methods
}

// Plan computes the Go names and types of one API. Names depend on the
// API alone, never on other APIs or on input order; see names.go for the
// naming rule (a name depends only on the wire at its path).
func Plan(api *model.API) (*APIPlan, error) {
	if api == nil || api.Method == "" {
		return nil, fmt.Errorf("gen: API without a method")
	}
	p := &planner{
		plan: &APIPlan{API: api, Name: GoName(api.Method), File: fileBase(api.Method)},
		used: map[string]bool{},
	}
	ap := p.plan
	p.used[ap.Name] = true
	ap.Request = &StructPlan{Name: uniqueName(p.used, ap.Name+"Request"), Section: model.Request, Path: "request"}
	ap.Response = &StructPlan{Name: uniqueName(p.used, ap.Name+"Response"), Section: model.Response, Path: "response"}
	var err error
	if ap.Request.Fields, err = p.fields(ap.Request, api.Request, model.Request, "request.", true); err != nil {
		return nil, err
	}
	if ap.Response.Fields, err = p.fields(ap.Response, api.Response, model.Response, "response.", false); err != nil {
		return nil, err
	}
	for _, c := range api.Constraints {
		if c.Section != "" && c.Section != string(model.Request) {
			continue
		}
		if c.Kind != model.AtLeastOneOf {
			return nil, fmt.Errorf("gen: %s: unsupported constraint kind %q", api.Method, c.Kind)
		}
		ap.Rules = append(ap.Rules, Rule{Kind: c.Kind, Fields: append([]string(nil), c.Fields...)})
	}
	return ap, nil
}

type planner struct {
	plan *APIPlan
	used map[string]bool // every type and const name of the API
}

// methodsOf lists the methods generated on a struct, which its fields must not shadow.
func methodsOf(s *StructPlan, top bool) map[string]bool {
	if top && s.Section == model.Request {
		return map[string]bool{"Validate": true, "EncodeParams": true}
	}
	return nil
}

// fields plans the fields of struct s from fs; prefix is the fields' path prefix.
func (p *planner) fields(s *StructPlan, fs []*model.Field, sec model.Section, prefix string, top bool) ([]*FieldPlan, error) {
	for _, f := range fs {
		if err := checkWire(f.Name); err != nil {
			return nil, fmt.Errorf("gen: %s: %s field %q: %v", p.plan.API.Method, sec, prefix+f.Name, err)
		}
	}
	names := fieldNames(fs, methodsOf(s, top))
	wires := map[string]string{} // wire name → Go name of its first field
	var out []*FieldPlan
	for i, f := range fs {
		if _, dup := wires[f.Name]; dup {
			// A repeated wire name is never sent or decoded (a key occurs
			// once): it gets no Go field, so removing it changes nothing.
			continue
		}
		fp := &FieldPlan{Field: f, Name: names[i]}
		path := prefix + f.Name
		kind := model.KindOf(f)
		if kind == model.KindObject && len(f.Fields) > 0 {
			sub, err := p.object(s, fp, sec, path)
			if err != nil {
				return nil, err
			}
			fp.Object = sub
		}
		fp.Byte = sec == model.Request && isByteInt(f, kind)
		fp.Type = p.goType(f, kind, sec, fp.Object, top)
		if fp.Byte {
			fp.Type = wrap(Pointer, named("", "int64"))
		}
		if e := p.enum(s, fp, sec, kind, path); e != nil {
			fp.Enum = e
			fp.Type = enumType(fp.Type, e)
		}
		first, dup := wires[f.Name]
		if !dup {
			wires[f.Name] = fp.Name
		}
		fp.Repeat = dup
		fp.Tag = tags(f, kind, sec, top, dup)
		fp.Doc = fieldDoc(f, sec, first)
		out = append(out, fp)
	}
	return out, nil
}

// checkWire rejects wire names that cannot be written into a struct tag
// option list: empty, or containing a comma, a space or a control character.
func checkWire(name string) error {
	if name == "" {
		return fmt.Errorf("empty name")
	}
	for _, r := range name {
		if r == ',' || r <= ' ' || r == 0x7f || r == '"' || r == '\\' || r == '`' {
			return fmt.Errorf("name contains %q, which cannot be a wire name", r)
		}
	}
	return nil
}

// object plans the struct of an object field with sub-fields: its own
// struct, named <Owner>_<Field> after the struct holding the field and the
// field's Go name, so the name follows the field's path and never the TOP
// type name, the field order or other uses of the same TOP type.
func (p *planner) object(owner *StructPlan, fp *FieldPlan, sec model.Section, path string) (*StructPlan, error) {
	f := fp.Field
	if f.List {
		path += "[]"
	}
	s := &StructPlan{
		Name:    uniqueName(p.used, owner.Name+"_"+typeSuffix(f, fp)),
		TopType: f.Type,
		Section: sec,
		Path:    path,
	}
	p.plan.Types = append(p.plan.Types, s)
	var err error
	s.Fields, err = p.fields(s, f.Fields, sec, path+".", false)
	return s, err
}

// typeSuffix is the part of an object field's type name after its
// owner's name and "_": the overlay's go_type, else the field's Go name.
func typeSuffix(f *model.Field, fp *FieldPlan) string {
	if f.GoType != "" {
		return f.GoType
	}
	return fp.Name
}

// scalar returns the Go type of one value of a scalar kind on a side.
func scalar(kind model.Kind, sec model.Section) *GoType {
	if sec == model.Request {
		switch kind {
		case model.KindNumber:
			return named("", "int64")
		case model.KindBoolean:
			return named("", "bool")
		case model.KindDate:
			return named(timePkg, "Time")
		case model.KindDecimal:
			return named(topPkg, "Decimal")
		case model.KindJSON, model.KindObject:
			return named(topPkg, "JSON")
		case model.KindMap:
			return wrap(Map, named("", "any"))
		case model.KindFile:
			return wrap(Pointer, named(topPkg, "File"))
		}
		return named("", "string")
	}
	switch kind {
	case model.KindNumber:
		return named(topPkg, "Int")
	case model.KindBoolean:
		return named(topPkg, "Bool")
	case model.KindDate:
		return named(topPkg, "Time")
	case model.KindDecimal:
		return named(topPkg, "Decimal")
	case model.KindJSON, model.KindMap, model.KindObject:
		return named(topPkg, "JSON")
	}
	return named("", "string")
}

// isByteInt reports a TOP byte that is java.lang.Byte (a small integer),
// as opposed to byte[] (a file): the model spells them apart once the byte
// kind is no longer KindFile.
func isByteInt(f *model.Field, kind model.Kind) bool {
	return strings.EqualFold(f.Type, "byte") && kind != model.KindFile && kind != model.KindObject && !f.List
}

// goType returns a field's Go type. It never depends on Required.
func (p *planner) goType(f *model.Field, kind model.Kind, sec model.Section, obj *StructPlan, top bool) *GoType {
	var elem *GoType
	switch {
	case obj != nil:
		elem = named("", obj.Name)
	case sec == model.Request && !top && kind == model.KindDate:
		// Inside a request object the value travels as JSON: top.Time
		// marshals the TOP layout in GMT+8 (time.Time would give RFC 3339).
		elem = named(topPkg, "Time")
	case sec == model.Request && !top && kind == model.KindFile:
		// A file inside a request object cannot be a multipart part: its
		// bytes travel in the object's JSON, base64-encoded.
		elem = wrap(Slice, named("", "byte"))
	default:
		elem = scalar(kind, sec)
	}
	if f.List {
		if sec == model.Response {
			return wrap(List, elem)
		}
		return wrap(Slice, elem)
	}
	if obj != nil || (sec == model.Request && (kind == model.KindNumber || kind == model.KindBoolean)) {
		return wrap(Pointer, elem)
	}
	return elem
}

// enum plans the alias and constants of an enumerated String or Number field.
func (p *planner) enum(owner *StructPlan, fp *FieldPlan, sec model.Section, kind model.Kind, path string) *EnumPlan {
	f := fp.Field
	if len(f.Enum) == 0 || (kind != model.KindString && kind != model.KindNumber) {
		return nil
	}
	e := &EnumPlan{Name: uniqueName(p.used, owner.Name+"_"+fp.Name), Path: path, Base: scalar(kind, sec)}
	var values, labels []string
	seen := map[string]bool{}
	for _, v := range f.Enum {
		val := strings.TrimSpace(v.Value)
		if kind == model.KindNumber {
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				continue // a numeric enum keeps only integer values
			}
			val = strconv.FormatInt(n, 10)
		}
		if seen[val] {
			continue
		}
		seen[val] = true
		values = append(values, val)
		labels = append(labels, oneLine(v.Label))
	}
	names := constNames(e.Name, values)
	for i, val := range values {
		e.Consts = append(e.Consts, ConstPlan{Name: uniqueName(p.used, names[i]), Value: val, Doc: labels[i]})
	}
	return e
}

// enumType replaces the scalar element of t by the enum alias.
func enumType(t *GoType, e *EnumPlan) *GoType {
	alias := named("", e.Name)
	switch t.Kind {
	case Pointer, Slice, List:
		return wrap(t.Kind, alias)
	}
	return alias
}

// tags returns a field's struct tag: none for top-level request fields
// (their generated EncodeParams names them), the doc's key for the JSON of
// request objects and for decoding responses. dup marks a repeated wire
// name in the struct, whose tags are all "-": the first field of the name
// wins, and a struct can hold a key once.
func tags(f *model.Field, kind model.Kind, sec model.Section, top, dup bool) map[string]string {
	switch {
	case sec == model.Response && dup:
		return map[string]string{"json": "-", "xml": "-"}
	case sec == model.Response:
		return map[string]string{"json": f.Name + ",omitempty", "xml": f.Name + ",omitempty"}
	case top:
		return nil
	case dup:
		return map[string]string{"json": "-"}
	case kind == model.KindDate && !f.List:
		return map[string]string{"json": f.Name + ",omitzero"} // omitempty never omits a struct
	}
	return map[string]string{"json": f.Name + ",omitempty"}
}

// fieldDoc returns a field's comment: its description on one line, then
// one line of facts (requiredness, limits, default, example). first is the
// Go name of an earlier field with the same wire name, if any.
func fieldDoc(f *model.Field, sec model.Section, first string) []string {
	var doc []string
	if d := oneLine(f.Description); d != "" {
		doc = append(doc, d)
	}
	var facts []string
	if first != "" {
		facts = append(facts, "Repeats the wire name of "+first+"; ignored.")
	}
	if sec == model.Request && f.Required {
		facts = append(facts, "Required.")
	}
	if l := model.Limits(f); l != "" {
		facts = append(facts, "Limits: "+l+".")
	}
	if d := clip(oneLine(f.Default), 60); d != "" {
		facts = append(facts, "Default: "+d+".")
	}
	if e := clip(oneLine(f.Example), 60); e != "" {
		facts = append(facts, "Example: "+e)
	}
	if len(facts) > 0 {
		doc = append(doc, strings.Join(facts, " "))
	}
	return doc
}

// Signature returns the Go signature of the API's client method.
func (ap *APIPlan) Signature() string {
	return fmt.Sprintf("func(context.Context, *%s, ...top.CallOption) (*%s, error)", ap.Request.Name, ap.Response.Name)
}

// Idents lists every exported identifier generated for the API, with the
// wire path it stems from, sorted by path, kind and name. A struct used at
// several paths is listed at each.
func (ap *APIPlan) Idents() []Ident {
	out := []Ident{{Path: "method", Kind: "method", Name: ap.Name, GoType: ap.Signature()}}
	var walk func(s *StructPlan, path string)
	walk = func(s *StructPlan, path string) {
		out = append(out, Ident{Path: path, Kind: "type", Name: s.Name, GoType: "struct"})
		for _, fp := range s.Fields {
			fpath := path + "." + fp.Field.Name
			out = append(out, Ident{Path: fpath, Kind: "field", Name: s.Name + "." + fp.Name, GoType: fp.Type.String()})
			if e := fp.Enum; e != nil {
				out = append(out, Ident{Path: fpath, Kind: "type", Name: e.Name, GoType: "= " + e.Base.String()})
				for _, c := range e.Consts {
					out = append(out, Ident{Path: fpath + "=" + c.Value, Kind: "const", Name: c.Name, GoType: e.Name})
				}
			}
			if fp.Object != nil {
				sub := fpath
				if fp.Field.List {
					sub += "[]"
				}
				walk(fp.Object, sub)
			}
		}
	}
	walk(ap.Request, "request")
	walk(ap.Response, "response")
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Name < b.Name
	})
	return out
}

// Names returns the package-level identifiers (types and constants) the
// API declares, sorted.
func (ap *APIPlan) Names() []string {
	names := []string{ap.Request.Name, ap.Response.Name}
	var enums func(s *StructPlan)
	enums = func(s *StructPlan) {
		for _, fp := range s.Fields {
			if fp.Enum != nil {
				names = append(names, fp.Enum.Name)
				for _, c := range fp.Enum.Consts {
					names = append(names, c.Name)
				}
			}
		}
	}
	enums(ap.Request)
	enums(ap.Response)
	for _, t := range ap.Types {
		names = append(names, t.Name)
		enums(t)
	}
	sort.Strings(names)
	return names
}
