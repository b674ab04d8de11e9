package top

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A jsonEnc appends the JSON of a value v of one type to b the way the Java
// SDK's JSONWriter writes the doc's Java types, without encoding/json's
// per-call reflection walk: strings, ints and bools as json.Marshal writes
// them, a Decimal as a JSON string ("1.10"), a JSON as a JSON string of its
// text, a Time as "yyyy-MM-dd HH:mm:ss" in GMT+8. []byte and maps go
// through json.Marshal, and so does a whole value of a shape never
// generated (unsigned integers, floats, embedded fields, marshalers, tag
// options other than omitempty and omitzero, unusual names, recursive
// types). The first error (of json.Marshal) is stored in *errp.
type jsonEnc func(b []byte, v reflect.Value, errp *error) []byte

type jsonField struct {
	index     int
	key       string // `"name":`
	omitEmpty bool
	omitZero  bool // only for Time: omitted when zero
	enc       jsonEnc
}

// jsonEncoderFor returns the encoder of t.
func jsonEncoderFor(t reflect.Type) jsonEnc {
	if e := buildJSONEnc(t, map[reflect.Type]bool{}); e != nil {
		return e
	}
	return anyJSON
}

func anyJSON(b []byte, v reflect.Value, errp *error) []byte {
	if v.CanAddr() {
		v = v.Addr() // pointer methods, as encoding/json calls them on addressable values
	}
	j, err := json.Marshal(v.Interface())
	if err != nil && *errp == nil {
		*errp = err
	}
	return append(b, j...)
}

// buildJSONEnc returns the fast encoder of t, or nil when a value of t
// must go through json.Marshal as a whole.
func buildJSONEnc(t reflect.Type, building map[reflect.Type]bool) jsonEnc {
	switch t {
	case reflect.TypeFor[Decimal]():
		return func(b []byte, v reflect.Value, _ *error) []byte {
			if v.Len() == 0 {
				return append(b, "null"...)
			}
			return appendJSONString(b, v.String())
		}
	case reflect.TypeFor[Time]():
		return func(b []byte, v reflect.Value, _ *error) []byte {
			if t, _ := reflect.TypeAssert[Time](v); !t.IsZero() {
				return append(appendTime(append(b, '"'), t.Time), '"')
			}
			return append(b, "null"...)
		}
	case reflect.TypeFor[JSON]():
		return func(b []byte, v reflect.Value, _ *error) []byte {
			if len(bytes.TrimSpace(v.Bytes())) == 0 {
				return append(b, "null"...)
			}
			return appendJSONString(b, string(v.Bytes()))
		}
	}
	if t.Kind() != reflect.Pointer { // (a pointer's methods are its element's)
		for _, m := range []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()} {
			if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
				return nil
			}
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value, _ *error) []byte { return appendJSONString(b, v.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value, _ *error) []byte { return strconv.AppendInt(b, v.Int(), 10) }
	case reflect.Bool:
		return func(b []byte, v reflect.Value, _ *error) []byte { return strconv.AppendBool(b, v.Bool()) }
	case reflect.Map, reflect.Interface:
		return anyJSON
	case reflect.Pointer:
		if elem := buildJSONEnc(t.Elem(), building); elem != nil {
			return func(b []byte, v reflect.Value, errp *error) []byte {
				if v.IsNil() {
					return append(b, "null"...)
				}
				return elem(b, v.Elem(), errp)
			}
		}
	case reflect.Slice: // (other byte types: an element without encoder)
		if t.Elem() == reflect.TypeFor[byte]() {
			return anyJSON // base64
		}
		if elem := buildJSONEnc(t.Elem(), building); elem != nil {
			return func(b []byte, v reflect.Value, errp *error) []byte {
				if v.IsNil() {
					return append(b, "null"...)
				}
				b = append(b, '[')
				for i := range v.Len() {
					if i > 0 {
						b = append(b, ',')
					}
					b = elem(b, v.Index(i), errp)
				}
				return append(b, ']')
			}
		}
	case reflect.Struct:
		return buildStructEnc(t, building)
	}
	return nil
}

func buildStructEnc(t reflect.Type, building map[reflect.Type]bool) jsonEnc {
	if building[t] {
		return nil // recursive type
	}
	building[t] = true
	defer delete(building, t)
	var fields []jsonField
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if sf.Anonymous {
			return nil
		} else if !sf.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		fe := buildJSONEnc(sf.Type, building)
		odd := opts != "" && opts != "omitempty" && opts != "omitzero"
		if odd || fe == nil || seen[strings.ToLower(name)] || strings.ContainsFunc(name, notNameRune) {
			return nil
		}
		seen[strings.ToLower(name)] = true
		fields = append(fields, jsonField{index: i, key: `"` + name + `":`, omitEmpty: opts == "omitempty", omitZero: opts == "omitzero", enc: fe})
	}
	return func(b []byte, v reflect.Value, errp *error) []byte {
		b = append(b, '{')
		first := true
		for i := range fields {
			f := &fields[i]
			fv := v.Field(f.index)
			if f.omitEmpty && isEmpty(fv) || f.omitZero && fv.IsZero() {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = f.enc(append(b, f.key...), fv, errp)
		}
		return append(b, '}')
	}
}

// notNameRune reports whether r would make a JSON key need escaping.
func notNameRune(r rune) bool {
	return r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// isEmpty mirrors encoding/json's omitempty test for the kinds encoded
// field by field (but a non-nil empty map is not empty).
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice:
		return v.Len() == 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Bool,
		reflect.Pointer, reflect.Map, reflect.Interface:
		return v.IsZero()
	}
	return false // structs, Time
}

const hexLower = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json (with HTML escaping) writes
// as is inside strings.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s as a JSON string exactly like encoding/json
// with HTML escaping.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			if c, size = utf8.DecodeRuneInString(s[i:]); size > 1 && c != '\u2028' && c != '\u2029' {
				i += size
				continue
			}
		} else if jsonSafe[c] {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		if k := strings.IndexRune("\\\"\b\f\n\r\t", c); k >= 0 {
			dst = append(dst, '\\', `\"bfnrt`[k])
		} else { // (an invalid byte is utf8.RuneError: \ufffd)
			dst = append(dst, '\\', 'u', hexLower[c>>12&15], hexLower[c>>8&15], hexLower[c>>4&15], hexLower[c&15])
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
