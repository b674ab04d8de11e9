package top

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The fast response decoder handles the common shape of TOP responses —
// a flat object whose members are strings or types with their own
// UnmarshalJSON (Int, Time, Decimal, List…) — without encoding/json's
// reflection walk. Anything else (other field kinds, keys that only match
// case-insensitively, type mismatches) falls back to json.Unmarshal before
// anything is written, so results and errors are those of json.Unmarshal.

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

type dKind uint8

const (
	dSlow        dKind = iota // decoded by json.Unmarshal only
	dString                   // string kind without custom unmarshaling
	dUnmarshaler              // *T implements json.Unmarshaler
)

type dField struct {
	name  string
	index int
	kind  dKind
}

// dPlan is the cached fast-decoding plan of a response struct type; ok
// false means the type is always decoded by json.Unmarshal.
type dPlan struct {
	ok     bool
	fields []dField
}

// dplan returns the cached decoding plan of struct type t.
func (c *Client) dplan(t reflect.Type) *dPlan {
	if p, ok := c.dplans.Load(t); ok {
		return p.(*dPlan)
	}
	p := buildDPlan(t)
	actual, _ := c.dplans.LoadOrStore(t, p)
	return actual.(*dPlan)
}

func buildDPlan(t reflect.Type) *dPlan {
	p := &dPlan{}
	if reflect.PointerTo(t).Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return p
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			return p // embedded fields: promotion rules, leave to encoding/json
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		f := dField{name: name, index: i}
		ft := sf.Type
		switch {
		case strings.Contains(","+opts+",", ",string,"):
			f.kind = dSlow
		case ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface && reflect.PointerTo(ft).Implements(jsonUnmarshalerType):
			f.kind = dUnmarshaler
		case ft.Kind() == reflect.String && !reflect.PointerTo(ft).Implements(textUnmarshalerType) && !ft.Implements(jsonUnmarshalerType):
			f.kind = dString
		}
		for _, g := range p.fields {
			if strings.EqualFold(g.name, name) {
				return p // ambiguous names: encoding/json's dominance rules apply
			}
		}
		p.fields = append(p.fields, f)
	}
	p.ok = true
	return p
}

// field returns the field whose name is key exactly; fold reports whether
// some field matches key only case-insensitively.
func (p *dPlan) field(key []byte) (f *dField, fold bool) {
	for i := range p.fields {
		if p.fields[i].name == string(key) {
			return &p.fields[i], false
		}
	}
	for i := range p.fields {
		if bytes.EqualFold([]byte(p.fields[i].name), key) {
			return nil, true
		}
	}
	return nil, false
}

// unmarshal decodes the JSON object data into resp like json.Unmarshal.
func (c *Client) unmarshal(data []byte, resp any) error {
	rv := reflect.ValueOf(resp)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return json.Unmarshal(data, resp)
	}
	sv := rv.Elem()
	p := c.dplan(sv.Type())
	if !p.ok || !json.Valid(data) || !p.fast(data) {
		return json.Unmarshal(data, resp)
	}
	it := objIter{data: data}
	for it.next() {
		f, _ := p.field(it.key)
		if f == nil {
			continue
		}
		fv := sv.Field(f.index)
		switch f.kind {
		case dString:
			if it.val[0] == '"' {
				fv.SetString(unquoteJSON(it.val))
			}
		case dUnmarshaler:
			if err := fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(it.val); err != nil {
				return err
			}
		}
	}
	return nil
}

// fast reports whether the valid JSON data can be decoded by the fast path.
func (p *dPlan) fast(data []byte) bool {
	it := objIter{data: data}
	for it.next() {
		if bytes.IndexByte(it.key, '\\') >= 0 {
			return false
		}
		f, fold := p.field(it.key)
		if fold {
			return false
		}
		if f == nil {
			continue
		}
		switch f.kind {
		case dSlow:
			return false
		case dString:
			if c := it.val[0]; c != '"' && c != 'n' { // string or null
				return false
			}
		}
	}
	return it.err == nil
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
