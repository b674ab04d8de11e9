package top

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A jsonEnc appends the JSON of a value v of one type to b as the Java
// SDK's JSONWriter writes the doc's Java types, without encoding/json's
// per-call reflection walk: strings, ints and bools as json.Marshal writes
// them, a Decimal and a JSON as JSON strings ("1.10"), a Time as
// "yyyy-MM-dd HH:mm:ss" in GMT+8, structs by their json tags (the name as
// written, omitempty, omitzero). Other values (maps, []byte, marshalers,
// embedded or recursive structs, other tag options, repeated names) go
// through json.Marshal, whose first error is stored in *errp.
type jsonEnc func(b []byte, v reflect.Value, errp *error) []byte

type jsonField struct {
	index               int
	key                 []byte // "name":
	omitEmpty, omitZero bool
	enc                 jsonEnc
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

// jsonEncoderFor returns the encoder of t; building holds the struct
// types being built (a recursive one goes through json.Marshal).
func jsonEncoderFor(t reflect.Type, building map[reflect.Type]bool) jsonEnc {
	switch t {
	case reflect.TypeFor[Time]():
		return func(b []byte, v reflect.Value, _ *error) []byte {
			t, _ := reflect.TypeAssert[Time](v)
			return t.appendJSON(b)
		}
	case reflect.TypeFor[JSON]():
		return func(b []byte, v reflect.Value, _ *error) []byte {
			if len(bytes.TrimSpace(v.Bytes())) == 0 {
				return append(b, "null"...)
			}
			return appendJSONString(b, string(v.Bytes()))
		}
	}
	for _, m := range [...]reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()} {
		if t.Kind() != reflect.Pointer && (t.Implements(m) || reflect.PointerTo(t).Implements(m)) {
			return anyJSON
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value, _ *error) []byte { return appendJSONString(b, v.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value, _ *error) []byte { return strconv.AppendInt(b, v.Int(), 10) }
	case reflect.Bool:
		return func(b []byte, v reflect.Value, _ *error) []byte { return strconv.AppendBool(b, v.Bool()) }
	case reflect.Pointer:
		elem := jsonEncoderFor(t.Elem(), building)
		return func(b []byte, v reflect.Value, errp *error) []byte {
			if v.IsNil() {
				return append(b, "null"...)
			}
			return elem(b, v.Elem(), errp)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return anyJSON // base64
		}
		elem := jsonEncoderFor(t.Elem(), building)
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
	case reflect.Struct:
		if !building[t] {
			return structEncoder(t, building)
		}
	}
	return anyJSON
}

func structEncoder(t reflect.Type, building map[reflect.Type]bool) jsonEnc {
	building[t] = true
	defer delete(building, t)
	var fields []jsonField
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name = cmp.Or(name, sf.Name); sf.Anonymous || opts != "" && opts != "omitempty" && opts != "omitzero" || seen[name] {
			return anyJSON // as encoding/json resolves them
		} else if !sf.IsExported() || tag == "-" {
			continue
		}
		seen[name] = true
		fields = append(fields, jsonField{index: i, key: append(appendJSONString(nil, name), ':'),
			omitEmpty: opts == "omitempty", omitZero: opts == "omitzero", enc: jsonEncoderFor(sf.Type, building)})
	}
	return func(b []byte, v reflect.Value, errp *error) []byte {
		b = append(b, '{')
		n := len(b)
		for i := range fields {
			f := &fields[i]
			if fv := v.Field(f.index); !(f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv)) {
				if len(b) > n {
					b = append(b, ',')
				}
				b = f.enc(append(b, f.key...), fv, errp)
			}
		}
		return append(b, '}')
	}
}

// isZero is encoding/json's omitzero test (a Time by its IsZero method).
func isZero(v reflect.Value) bool {
	if t, ok := reflect.TypeAssert[Time](v); ok {
		return t.IsZero()
	}
	return v.IsZero()
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return v.Len() == 0
	case reflect.Struct:
		return false
	}
	return v.IsZero()
}

const hexLower = "0123456789abcdef"

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
		} else if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
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
