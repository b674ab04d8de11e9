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
	if !p.ok {
		return json.Unmarshal(data, resp)
	}
	// First check that data is valid JSON and that the fast path applies
	// to every member (nothing is written before), remembering the
	// members to decode.
	var hitArr [16]dHit
	hits, ok := p.fastHits(data, hitArr[:0])
	if !ok {
		return json.Unmarshal(data, resp)
	}
	for _, h := range hits {
		fv := sv.Field(h.f.index)
		switch h.f.kind {
		case dString:
			if h.val[0] == '"' {
				fv.SetString(unquoteJSON(h.val))
			}
		case dUnmarshaler:
			if err := fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(h.val); err != nil {
				return err
			}
		}
	}
	return nil
}

// dHit is a member of the response object that maps to a field.
type dHit struct {
	f   *dField
	val []byte
}

// fastHits reports whether data is a valid JSON object that the fast
// path can decode, and appends to hits the members to decode, in order.
// It validates strictly: when it reports true, json.Valid(data) is true
// (it may report false for some valid input, e.g. very deep nesting,
// which then goes to json.Unmarshal).
func (p *dPlan) fastHits(data []byte, hits []dHit) ([]dHit, bool) {
	b := data
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return hits, skipWS(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		kend, ok := scanString(b, i)
		if !ok {
			return nil, false
		}
		key := b[i+1 : kend-1]
		i = skipWS(b, kend)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipWS(b, i+1)
		vend, ok := scanValue(b, i, 1)
		if !ok {
			return nil, false
		}
		val := b[i:vend]
		if bytes.IndexByte(key, '\\') >= 0 {
			return nil, false
		}
		f, fold := p.field(key)
		if fold {
			return nil, false
		}
		if f != nil {
			switch f.kind {
			case dSlow:
				return nil, false
			case dString:
				if c := val[0]; c != '"' && c != 'n' { // string or null
					return nil, false
				}
			}
			hits = append(hits, dHit{f, val})
		}
		i = skipWS(b, vend)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return hits, skipWS(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

// maxScanDepth bounds the nesting the strict scanner accepts (deeper
// input is left to encoding/json).
const maxScanDepth = 100

// scanValue returns the index just past the valid JSON value starting at
// b[i]; ok is false when there is none (by encoding/json's grammar).
func scanValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return scanString(b, i)
	case c == '{' || c == '[':
		if depth >= maxScanDepth {
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
