package top

import (
	"bytes"
	"cmp"
	"context"
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The response decoder reads JSON into the types generated code emits —
// strings, the top scalars (through UnmarshalText), structs, pointers to
// structs and top.List — as the Java SDK's converters read them, in one
// pass of one scanner that validates by encoding/json's grammar. A string
// keeps the text of any value; an object field receiving a scalar, or a
// scalar receiving an object, is left empty. Other Go kinds are refused.

// decKind says how a Go type is decoded.
type decKind uint8

const (
	pText    decKind = iota // *T implements encoding.TextUnmarshaler (Int, Time, JSON…)
	pString                 // a string kind
	pStruct                 // fields by exact JSON name
	pPointer                // to a struct
	pSlice                  // top.List[T] or []T
)

// decPlan is the cached decoding plan of a Go type.
type decPlan struct {
	kind   decKind
	scalar bool     // Int, Bool, Time: an object, array or "" is no element
	elem   *decPlan // pPointer, pSlice
	obj    *decPlan // the struct objects are decoded into: p (pStruct), elem (pPointer)
	fields []decField
}

// decField is a struct field with its JSON name and Go field index.
type decField struct {
	name  string
	index int
	plan  *decPlan
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// typeCache holds what is built once per Go type (decoding plans, JSON
// encoders) for concurrent use. Client and Params hold one, so every
// generated package compiles the generic code their methods reach: hence
// no sync.Map (167 functions), and reflect.Type keys typed any (57).
type typeCache struct {
	mu sync.RWMutex
	m  map[any]any // reflect.Type -> *decPlan or jsonEnc
}

// get returns t's value, built and kept on a miss (a nil c keeps nothing).
func (c *typeCache) get(t any, build func() (any, error)) (any, error) {
	if c == nil { // a Params made outside a client
		return build()
	}
	c.mu.RLock()
	v, ok := c.m[t]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := build()
	if err == nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.m == nil {
			c.m = map[any]any{}
		}
		c.m[t] = v
	}
	return v, err
}

// decPlanFor returns the plan of t from cache, building it when missing.
func decPlanFor(cache *typeCache, t reflect.Type) (*decPlan, error) {
	p, err := cache.get(t, func() (any, error) { return buildDecPlan(t, map[reflect.Type]*decPlan{}) })
	return p.(*decPlan), err
}

// buildDecPlan builds the plan of t; building holds the plans under
// construction (recursive types).
func buildDecPlan(t reflect.Type, building map[reflect.Type]*decPlan) (*decPlan, error) {
	if p, ok := building[t]; ok {
		return p, nil
	}
	p := &decPlan{}
	building[t] = p
	pt := reflect.PointerTo(t)
	var err error
	switch {
	case t.Kind() == reflect.Slice && !pt.Implements(textUnmarshalerType):
		p.kind = pSlice
		p.elem, err = buildDecPlan(t.Elem(), building)
	case pt.Implements(textUnmarshalerType):
		p.kind = pText
		p.scalar = t == reflect.TypeFor[Int]() || t == reflect.TypeFor[Bool]() || t == reflect.TypeFor[Time]()
	case t.Kind() == reflect.String:
		p.kind = pString
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p.kind = pPointer
		p.elem, err = buildDecPlan(t.Elem(), building)
		p.obj = p.elem
	case t.Kind() == reflect.Struct:
		p.kind, p.obj = pStruct, p
		err = addDecFields(p, t, building)
	default:
		err = fmt.Errorf("top: cannot decode a response into Go type %s (want string, a top type, a struct, a pointer to a struct or top.List)", t)
	}
	return p, err
}

// addDecFields adds the exported fields of struct t to p, by JSON name.
func addDecFields(p *decPlan, t reflect.Type, building map[reflect.Type]*decPlan) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && name == "" {
			return fmt.Errorf("embedded field %s: not decoded (name the field)", sf.Name)
		}
		if !sf.IsExported() || name == "-" || p.field(cmp.Or(name, sf.Name)) != nil {
			continue
		}
		fp, err := buildDecPlan(sf.Type, building)
		if err != nil {
			return fmt.Errorf("field %s: %w", sf.Name, err)
		}
		p.fields = append(p.fields, decField{name: cmp.Or(name, sf.Name), index: i, plan: fp})
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

// maxJSONDepth bounds the nesting the scanner accepts.
const maxJSONDepth = 500

var errSyntax = errors.New("malformed JSON")

// jsonDecoder holds the state of one decoding.
type jsonDecoder struct {
	ctx   context.Context
	data  []byte
	steps int // values decoded
}

// syntax returns a syntax error at offset i.
func (d *jsonDecoder) syntax(i int) error {
	return fmt.Errorf("%w at offset %d", errSyntax, i)
}

// target returns the value v points to, for decoding into.
func target(v any) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return reflect.Value{}, errors.New("top: the response must be a non-nil pointer")
	}
	return rv.Elem(), nil
}

// decodeInto decodes the JSON value data into v (addressable) through the
// plans in cache.
func decodeInto(ctx context.Context, cache *typeCache, data []byte, v reflect.Value) error {
	p, err := decPlanFor(cache, v.Type())
	if err != nil {
		return err
	}
	d := &jsonDecoder{ctx: ctx, data: data}
	end, err := d.value(p, v, skipWS(data, 0), 0)
	if err == nil && skipWS(data, end) != len(data) {
		err = d.syntax(end)
	}
	return err
}

// value decodes the JSON value at data[i] into v and returns the index
// just past it.
func (d *jsonDecoder) value(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	if d.steps++; d.steps&255 == 0 && d.ctx.Err() != nil {
		return i, d.ctx.Err() // checked every 256 values
	}
	b := d.data
	if i >= len(b) {
		return i, d.syntax(i)
	}
	switch {
	case p.kind == pSlice:
		return d.list(p, v, i, depth)
	case p.obj == nil:
	case b[i] != '{':
		return d.skip(i, depth) // null or not an object: no value
	case p.kind == pPointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.object(p.obj, v.Elem(), i, depth)
	default:
		return d.object(p, v, i, depth)
	}
	end, err := d.skip(i, depth)
	c, text := b[i], b[i:end] // a number or bool: its text; an object or array: its JSON
	switch {
	case err != nil:
		return end, err
	case c == 'n':
		text = nil
	case c == '"' && p.kind == pString:
		var arr [128]byte
		v.SetString(string(unquote(arr[:0], text)))
		return end, nil
	case c == '"':
		text = unquote(nil, text)
	}
	if p.kind == pString {
		v.SetString(string(text))
	} else if p.scalar && (c == '{' || c == '[') || (c == 't' || c == 'f') && v.Type() == reflect.TypeFor[Time]() {
		v.SetZero()
	} else {
		err = v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(text)
	}
	return end, err
}

// object decodes the JSON object at data[i] into the struct v.
func (d *jsonDecoder) object(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	return d.each(i, depth, func(key []byte, vs int) (int, error) {
		f := p.field(string(unquote(nil, key)))
		if f == nil {
			return d.skip(vs, depth+1)
		}
		end, err := d.value(f.plan, v.Field(f.index), vs, depth+1)
		if err != nil && !errors.Is(err, errSyntax) && d.ctx.Err() == nil {
			err = fmt.Errorf("%s: %w", f.name, err)
		}
		return end, err
	})
}

// each calls fn for each member of the JSON object, or element of the
// array, at data[i] with the member's key literal (nil in an array) and
// the index of its value; fn returns the index just past the value. each
// returns the index just past the object or array.
func (d *jsonDecoder) each(i, depth int, fn func(key []byte, vs int) (int, error)) (int, error) {
	b := d.data
	if depth >= maxJSONDepth {
		return i, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	closer := byte(']')
	if b[i] == '{' {
		closer = '}'
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == closer {
		return i + 1, nil
	}
	for {
		var key []byte
		if closer == '}' {
			kend, ok := scanString(b, i)
			if !ok || b[i] != '"' {
				return i, d.syntax(i)
			}
			key = b[i:kend]
			if i = skipWS(b, kend); i >= len(b) || b[i] != ':' {
				return i, d.syntax(i)
			}
			i = skipWS(b, i+1)
		}
		if i >= len(b) { // fn may look at the value's first byte
			return i, d.syntax(i)
		}
		end, err := fn(key, i)
		if err != nil {
			return end, err
		}
		if i = skipWS(b, end); i < len(b) && b[i] == closer {
			return i + 1, nil
		}
		if i >= len(b) || b[i] != ',' {
			return i, d.syntax(i)
		}
		i = skipWS(b, i+1)
	}
}

// list decodes a JSON value into the slice v in any of the list forms: an
// array, a wrapper object (see wrapped), or a single scalar element; "",
// null are an empty list.
func (d *jsonDecoder) list(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	b := d.data
	switch b[i] {
	case '{':
		return d.wrapped(p, v, i, depth)
	case 'n', '"':
		if end, err := d.skip(i, depth); err != nil || b[i] == 'n' || len(bytes.TrimSpace(b[i+1:end-1])) == 0 {
			v.SetZero()
			return end, err
		}
	}
	out := reflect.New(v.Type()).Elem() // addressable: grown in place
	add := func(_ []byte, vs int) (int, error) {
		n := out.Len()
		out.Grow(1)
		out.SetLen(n + 1)
		end, err := d.element(p.elem, out.Index(n), vs, depth)
		if end < 0 { // left out
			out.SetLen(n)
			end = -end
		}
		return end, err
	}
	var end int
	var err error
	if b[i] == '[' {
		out.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil, when all are left out
		end, err = d.each(i, depth, add)
	} else if end, err = add(nil, i); out.Len() == 0 {
		out.SetZero() // a single scalar left out
	}
	if err == nil {
		v.Set(out)
	}
	return end, err
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
	case p.obj != nil:
		skip = c != '{'
	case p.scalar:
		j := skipWS(d.data, i+1) // a blank string ends at j
		skip = skip || c == '{' || c == '[' || c == '"' && j < len(d.data) && d.data[j] == '"'
	case p.kind == pString:
		skip = skip || c == '['
	}
	if skip {
		end, err := d.skip(i, depth)
		return -end, err
	}
	return d.value(p, ev, i, depth+1)
}

// wrapped decodes the JSON object at data[i] into the slice v: TOP's
// wrapper {"item_name":[…]} (the first array member, whatever other keys
// sit beside it), a wrapper around one element, {} (empty), or a single
// object element (its keys are the element's fields).
func (d *jsonDecoder) wrapped(p *decPlan, v reflect.Value, i, depth int) (int, error) {
	n, first, inner := 0, -1, -1
	var firstKey []byte
	end, err := d.each(i, depth, func(key []byte, vs int) (int, error) {
		if n++; n == 1 {
			first, firstKey = vs, key
		}
		if inner < 0 && d.data[vs] == '[' {
			inner = vs // the wrapped array
		}
		return d.skip(vs, depth+1)
	})
	if err != nil {
		return end, err
	}
	se := p.elem.obj
	if inner < 0 && n == 1 {
		// A wrapper around one element — unless the object is itself an
		// element whose one field holds a scalar.
		if c := d.data[first]; c == '{' && se != nil || c != '{' && (se == nil || se.field(string(unquote(nil, firstKey))) == nil) {
			inner = first
		}
	}
	switch {
	case inner >= 0:
		_, err = d.list(p, v, inner, depth+1)
	case n == 0 || se == nil:
		v.SetZero() // {} or an object of several keys holding no list
	default: // a single object element
		out := reflect.MakeSlice(v.Type(), 1, 1)
		if _, err = d.value(p.elem, out.Index(0), i, depth+1); err == nil {
			v.Set(out)
		}
	}
	return end, err
}

// skip returns the index just past the valid JSON value at data[i] (by
// encoding/json's grammar).
func (d *jsonDecoder) skip(i, depth int) (int, error) {
	b := d.data
	end, ok := i, false
	if i < len(b) {
		switch c := b[i]; {
		case c == '{' || c == '[':
			return d.each(i, depth+1, func(_ []byte, vs int) (int, error) { return d.skip(vs, depth+1) })
		case c == '"':
			end, ok = scanString(b, i)
		case c == '-' || '0' <= c && c <= '9':
			end, ok = numberEnd(b, i, true)
		default:
			for _, lit := range [...]string{"true", "false", "null"} {
				if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
					end, ok = i+len(lit), true
				}
			}
		}
	}
	if !ok {
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

// scanString returns the index just past the valid JSON string literal
// starting at b[i] (a quote): no control characters, only valid escapes.
func scanString(b []byte, i int) (int, bool) {
	for i++; i < len(b); {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c != '\\':
			i++
		case i+1 < len(b) && strings.IndexByte(`"\/bfnrt`, b[i+1]) >= 0:
			i += 2
		case getu4(b[i:]) >= 0:
			i += 6
		default:
			return i, false
		}
	}
	return i, false
}

// unquote appends the content of the valid JSON string literal lit to b,
// decoded as encoding/json does (invalid UTF-8 and lone surrogates become
// U+FFFD); with nothing to decode and b empty, it returns the content (a
// sub-slice of lit).
func unquote(b, lit []byte) []byte {
	s := lit[1 : len(lit)-1]
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) && len(b) == 0 {
		return s
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if r == '\\' {
			r, n = rune(s[i+1]), 2 // '"', '\\', '/'
			if k := strings.IndexByte("bfnrt", s[i+1]); k >= 0 {
				r = rune("\b\f\n\r\t"[k])
			} else if r == 'u' {
				if r, n = getu4(s[i:]), 6; utf16.IsSurrogate(r) {
					if r = utf16.DecodeRune(r, getu4(s[i+6:])); r != utf8.RuneError {
						n = 12
					}
				}
			}
		}
		b = utf8.AppendRune(b, r)
		i += n
	}
	return b
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	r, err := strconv.ParseUint(string(s[2:6]), 16, 32)
	if err != nil {
		return -1
	}
	return rune(r)
}
