package top

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The response decoder reads JSON into the types generated code emits —
// strings, the tolerant top scalars (anything with UnmarshalJSON), structs,
// pointers to structs and top.List — the way the Java SDK's converters
// read them, in one pass of the one JSON scanner below (which validates
// everything it passes over, by encoding/json's grammar):
//   - a string field keeps the text of a number or bool, and the JSON text
//     of an object or array;
//   - a list is a plain array, TOP's wrapper object {"item_name":[…]}, or a
//     single element; "", null and {} are empty; null elements and
//     elements of the wrong shape are left out;
//   - an object field receiving a scalar, or a scalar field receiving an
//     object, is left empty rather than failing the response.
// Other Go kinds (ints, floats, maps, interfaces) are refused.

// decKind says how a Go type is decoded.
type decKind uint8

const (
	pUnmarshaler decKind = iota // *T implements json.Unmarshaler (Int, Time, JSON…)
	pString                     // a string kind
	pStruct                     // fields by exact JSON name
	pPointer                    // to a struct
	pSlice                      // top.List[T] or []T
)

// decPlan is the cached decoding plan of a Go type.
type decPlan struct {
	kind   decKind
	scalar bool     // Int, Bool, Time: an object, array or "" is no element
	elem   *decPlan // pPointer, pSlice
	fields []decField
}

// decField is a struct field with its JSON name and Go index path.
type decField struct {
	name  string
	index []int
	plan  *decPlan
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	topListType         = reflect.TypeFor[interface{ topList() }]()
	topScalarType       = reflect.TypeFor[interface{ topScalar() }]()
)

// decPlanFor returns the plan of t from cache (nil: no cache), building it
// (and the plans of the types it holds) when missing.
func decPlanFor(cache *sync.Map, t reflect.Type) (*decPlan, error) {
	if cache != nil {
		if p, ok := cache.Load(t); ok {
			if tp, ok := p.(*decPlan); ok {
				return tp, nil
			}
		}
	}
	building := map[reflect.Type]*decPlan{}
	p, err := buildDecPlan(t, building)
	if err != nil {
		return nil, err
	}
	if cache != nil {
		for bt, bp := range building {
			cache.LoadOrStore(bt, bp)
		}
	}
	return p, nil
}

func buildDecPlan(t reflect.Type, building map[reflect.Type]*decPlan) (*decPlan, error) {
	if p, ok := building[t]; ok {
		return p, nil
	}
	p := &decPlan{}
	building[t] = p
	pt := reflect.PointerTo(t)
	var err error
	switch {
	case t.Kind() == reflect.Slice && (t.Implements(topListType) || !pt.Implements(jsonUnmarshalerType)):
		p.kind = pSlice
		p.elem, err = buildDecPlan(t.Elem(), building)
	case pt.Implements(jsonUnmarshalerType):
		p.kind = pUnmarshaler
		p.scalar = t.Implements(topScalarType)
	case t.Kind() == reflect.String:
		p.kind = pString
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p.kind = pPointer
		p.elem, err = buildDecPlan(t.Elem(), building)
	case t.Kind() == reflect.Struct:
		p.kind = pStruct
		err = addDecFields(p, t, nil, building)
	default:
		err = fmt.Errorf("top: cannot decode a response into Go type %s (want string, a top type, a struct, a pointer to a struct or top.List)", t)
	}
	if err != nil {
		delete(building, t)
		return nil, err
	}
	return p, nil
}

// addDecFields adds the JSON fields of struct t (embedded structs flattened,
// outer names first) to p.
func addDecFields(p *decPlan, t reflect.Type, index []int, building map[reflect.Type]*decPlan) error {
	var embedded []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && tag == "" {
			embedded = append(embedded, sf)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		if p.field(name) != nil {
			continue
		}
		fp, err := buildDecPlan(sf.Type, building)
		if err != nil {
			return fmt.Errorf("field %s: %w", sf.Name, err)
		}
		p.fields = append(p.fields, decField{name: name, index: append(append([]int(nil), index...), i), plan: fp})
	}
	for _, sf := range embedded {
		if err := addDecFields(p, sf.Type, append(append([]int(nil), index...), sf.Index...), building); err != nil {
			return err
		}
	}
	return nil
}

// field returns the field named key exactly, or nil.
func (p *decPlan) field(key string) *decField {
	for i := range p.fields {
		if p.fields[i].name == key {
			return &p.fields[i]
		}
	}
	return nil
}

// structElem reports whether the plan decodes objects (a struct or a pointer to one).
func (p *decPlan) structElem() *decPlan {
	if p.kind == pPointer {
		return p.elem
	}
	if p.kind == pStruct {
		return p
	}
	return nil
}

// maxJSONDepth bounds the nesting the scanner accepts.
const maxJSONDepth = 500

var errSyntax = errors.New("malformed JSON")

// jsonDecoder holds the state of one decoding.
type jsonDecoder struct {
	ctx   context.Context
	data  []byte
	steps int
}

// syntax returns a syntax error at offset i.
func (d *jsonDecoder) syntax(i int) error {
	return fmt.Errorf("%w at offset %d", errSyntax, i)
}

// tick checks the context every 256 values decoded.
func (d *jsonDecoder) tick() error {
	d.steps++
	if d.steps&255 == 0 && d.ctx != nil {
		return d.ctx.Err()
	}
	return nil
}

// decodeInto decodes the JSON value data into v (addressable) through the
// plans in cache (nil: plans are built for this call only).
func decodeInto(ctx context.Context, cache *sync.Map, data []byte, v reflect.Value) error {
	p, err := decPlanFor(cache, v.Type())
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	d := &jsonDecoder{ctx: ctx, data: data}
	i := skipWS(data, 0)
	end, err := d.value(p, v, i, 0)
	if err != nil {
		return err
	}
	if skipWS(data, end) != len(data) {
		return d.syntax(end)
	}
	return nil
}

// value decodes the JSON value at data[i] into v and returns the index
// just past it.
func (d *jsonDecoder) value(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	if err := d.tick(); err != nil {
		return i, err
	}
	b := d.data
	if i >= len(b) {
		return i, d.syntax(i)
	}
	switch p.kind {
	case pUnmarshaler:
		end, err := d.skip(i, depth)
		if err != nil {
			return end, err
		}
		return end, v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b[i:end])
	case pString:
		end, err := d.skip(i, depth)
		if err != nil {
			return end, err
		}
		switch b[i] {
		case '"':
			v.SetString(unquoteJSON(b[i:end]))
		case 'n':
			v.SetString("")
		default: // number, bool: its text; object, array: its JSON text
			v.SetString(string(b[i:end]))
		}
		return end, nil
	case pPointer:
		if b[i] != '{' {
			return d.skip(i, depth) // null or not an object: no value
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.object(p.elem, v.Elem(), i, depth)
	case pStruct:
		if b[i] != '{' {
			return d.skip(i, depth)
		}
		return d.object(p, v, i, depth)
	}
	return d.list(p, v, i, depth)
}

// object decodes the JSON object at data[i] into the struct v.
func (d *jsonDecoder) object(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	return d.members(i, depth, func(key []byte, vs int) (int, error) {
		f := p.field(string(key))
		if f == nil {
			return d.skip(vs, depth+1)
		}
		fv := v
		for _, x := range f.index {
			fv = fv.Field(x)
		}
		end, err := d.value(f.plan, fv, vs, depth+1)
		if err != nil && !errors.Is(err, errSyntax) && d.ctx.Err() == nil {
			err = fmt.Errorf("%s: %w", f.name, err)
		}
		return end, err
	})
}

// members calls fn for each member of the JSON object at data[i] with the
// member's decoded key and the index of its value; fn returns the index
// just past the value. members returns the index just past the object.
func (d *jsonDecoder) members(i, depth int, fn func(key []byte, vs int) (int, error)) (int, error) {
	b := d.data
	if depth >= maxJSONDepth {
		return i, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, d.syntax(i)
		}
		kend, ok := scanString(b, i)
		if !ok {
			return i, d.syntax(i)
		}
		key := b[i+1 : kend-1]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			key = []byte(unquoteJSON(b[i:kend]))
		}
		i = skipWS(b, kend)
		if i >= len(b) || b[i] != ':' {
			return i, d.syntax(i)
		}
		i = skipWS(b, i+1)
		end, err := fn(key, i)
		if err != nil {
			return end, err
		}
		i = skipWS(b, end)
		if i >= len(b) {
			return i, d.syntax(i)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, d.syntax(i)
		}
	}
}

// list decodes a JSON value into the slice v in any of the list forms.
func (d *jsonDecoder) list(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	b := d.data
	switch b[i] {
	case '[':
		return d.array(p, v, i, depth)
	case '{':
		return d.wrapped(p, v, i, depth)
	case 'n':
		v.SetZero()
		return d.skip(i, depth)
	case '"':
		end, err := d.skip(i, depth)
		if err != nil || len(bytes.TrimSpace(b[i+1:end-1])) == 0 {
			v.SetZero()
			return end, err
		}
	}
	// A single scalar: one element (when it fits the element type).
	out := reflect.MakeSlice(v.Type(), 1, 1)
	end, err := d.element(p.elem, out.Index(0), i, depth)
	if err != nil {
		return end, err
	}
	if end < 0 {
		v.SetZero()
		return -end, nil
	}
	v.Set(out)
	return end, nil
}

// element decodes one list element at data[i] into ev. What the Java SDK
// leaves out, or would make a phantom element, is skipped and the returned
// index is then negated: null; a nested array (except for raw JSON
// elements); a non-object for an object element; an object or blank
// string for an Int, Bool or Time element.
func (d *jsonDecoder) element(p *decPlan, ev reflect.Value, i, depth int) (int, error) {
	if i >= len(d.data) {
		return i, d.syntax(i)
	}
	c := d.data[i]
	skip := c == 'n'
	switch {
	case p.structElem() != nil:
		skip = c != '{'
	case p.scalar:
		skip = skip || c == '{' || c == '[' || c == '"' && d.blankString(i)
	case p.kind == pString:
		skip = skip || c == '['
	}
	if skip {
		end, err := d.skip(i, depth)
		return -end, err
	}
	return d.value(p, ev, i, depth+1)
}

// blankString reports whether the string literal at data[i] holds only
// white space.
func (d *jsonDecoder) blankString(i int) bool {
	j := skipWS(d.data, i+1)
	return j < len(d.data) && d.data[j] == '"'
}

// array decodes the JSON array at data[i] into the slice v.
func (d *jsonDecoder) array(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	b := d.data
	if depth >= maxJSONDepth {
		return i, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	out := reflect.MakeSlice(v.Type(), 0, 0)
	n := 0
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		v.Set(out)
		return i + 1, nil
	}
	for {
		if n == out.Len() {
			out = reflect.Append(out, reflect.Zero(v.Type().Elem()))
			out = out.Slice(0, out.Cap())
		}
		end, err := d.element(p.elem, out.Index(n), i, depth)
		if err != nil {
			return end, err
		}
		if end < 0 {
			end = -end
		} else {
			n++
		}
		i = skipWS(b, end)
		if i >= len(b) {
			return i, d.syntax(i)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case ']':
			for k := n; k < out.Len(); k++ {
				out.Index(k).SetZero()
			}
			v.Set(out.Slice(0, n))
			return i + 1, nil
		default:
			return i, d.syntax(i)
		}
	}
}

// wrapped decodes the JSON object at data[i] into the slice v: TOP's
// wrapper {"item_name":[…]} (the first array member, whatever other keys
// sit beside it), a wrapper around one element, {} (empty), or a single
// object element (its keys are the element's fields).
func (d *jsonDecoder) wrapped(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	type member struct {
		key    string
		vs, ve int
	}
	var arr [4]member
	ms := arr[:0]
	end, err := d.members(i, depth, func(key []byte, vs int) (int, error) {
		ve, err := d.skip(vs, depth+1)
		ms = append(ms, member{string(key), vs, ve})
		return ve, err
	})
	if err != nil {
		return end, err
	}
	se := p.elem.structElem()
	var inner *member
	for k := range ms {
		if d.data[ms[k].vs] == '[' {
			inner = &ms[k] // the wrapped array
			break
		}
	}
	if inner == nil && len(ms) == 1 {
		// A wrapper around one element — unless the object is itself an
		// element whose one field holds a scalar.
		c := d.data[ms[0].vs]
		if c == '{' && se != nil || c != '{' && (se == nil || se.field(ms[0].key) == nil) {
			inner = &ms[0]
		}
	}
	switch {
	case inner != nil:
		_, err = d.list(p, v, inner.vs, depth+1)
	case len(ms) == 0 || se == nil:
		v.SetZero() // {} or an object of several keys holding no list
	default: // a single object element
		out := reflect.MakeSlice(v.Type(), 1, 1)
		if _, err = d.value(p.elem, out.Index(0), i, depth+1); err == nil {
			v.Set(out)
		}
	}
	return end, err
}

// skip returns the index just past the valid JSON value at data[i].
func (d *jsonDecoder) skip(i, depth int) (int, error) {
	end, ok := scanValue(d.data, i, depth+1)
	if !ok {
		if depth+1 >= maxJSONDepth {
			return end, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
		}
		return end, d.syntax(end)
	}
	return end, nil
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanValue returns the index just past the valid JSON value starting at
// b[i]; ok is false when there is none (by encoding/json's grammar) or it
// nests deeper than maxJSONDepth.
func scanValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return scanString(b, i)
	case c == '{' || c == '[':
		if depth >= maxJSONDepth {
			return i, false
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == closer {
			return i + 1, true
		}
		for {
			if c == '{' {
				if i >= len(b) || b[i] != '"' {
					return i, false
				}
				var ok bool
				if i, ok = scanString(b, i); !ok {
					return i, false
				}
				i = skipWS(b, i)
				if i >= len(b) || b[i] != ':' {
					return i, false
				}
				i = skipWS(b, i+1)
			}
			var ok bool
			if i, ok = scanValue(b, i, depth+1); !ok {
				return i, false
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return i, false
			}
			if b[i] == closer {
				return i + 1, true
			}
			if b[i] != ',' {
				return i, false
			}
			i = skipWS(b, i+1)
		}
	case c == '-' || '0' <= c && c <= '9':
		return scanNumber(b, i)
	case c == 't':
		return i + 4, len(b) >= i+4 && string(b[i:i+4]) == "true"
	case c == 'f':
		return i + 5, len(b) >= i+5 && string(b[i:i+5]) == "false"
	case c == 'n':
		return i + 4, len(b) >= i+4 && string(b[i:i+4]) == "null"
	}
	return i, false
}

// scanString returns the index just past the valid JSON string literal
// starting at b[i] (a quote): no control characters, only valid escapes.
func scanString(b []byte, i int) (int, bool) {
	i++
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if getu4(b[i:]) < 0 {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
		default:
			i++
		}
	}
	return i, false
}

// scanNumber returns the index just past the valid JSON number at b[i].
func scanNumber(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return i, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return i, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	return i, true
}

// unquoteJSON returns the content of a valid JSON string literal exactly
// as encoding/json decodes it (invalid UTF-8 and lone surrogates become
// U+FFFD).
func unquoteJSON(lit []byte) string {
	s := lit[1 : len(lit)-1]
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return string(s)
	}
	var arr [128]byte
	b := arr[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			e := s[i+1]
			i += 2
			switch e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := getu4(s[i-2:])
				i += 4
				if utf16.IsSurrogate(r) {
					if r1 := getu4(s[i:]); r1 >= 0 {
						if dec := utf16.DecodeRune(r, r1); dec != unicode.ReplacementChar {
							b = utf8.AppendRune(b, dec)
							i += 6
							break
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default: // '"', '\\', '/'
				b = append(b, e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = utf8.AppendRune(b, unicode.ReplacementChar)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	return string(b)
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
