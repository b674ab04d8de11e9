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

// The request encoder writes the JSON of request objects (and lists of
// them) the way the Java SDK's JSONWriter writes the doc's Java types,
// without encoding/json's per-call reflection walk: structs of strings,
// signed integers, bools, Decimal, Time, JSON, []byte, maps and slices and
// pointers of these, nested to any depth. Strings, ints and bools are
// written as json.Marshal writes them; a Decimal is a JSON string ("1.10"),
// a JSON a JSON string holding its text, a Time "yyyy-MM-dd HH:mm:ss" in
// GMT+8. []byte and maps go through json.Marshal, and so does a whole
// value of a shape never generated (unsigned integers, floats, embedded
// fields, marshalers, tag options other than omitempty and omitzero,
// unusual names, recursive types).

type jKind uint8

const (
	jString jKind = iota + 1
	jInt
	jBool
	jDecimal
	jTopTime
	jRaw // top.JSON
	jAny // json.Marshal
	jPtr
	jSlice
	jStruct
)

// jsonEnc encodes values of one type.
type jsonEnc struct {
	kind   jKind
	elem   *jsonEnc // jPtr, jSlice
	fields []jsonField
}

type jsonField struct {
	index     int
	key       string // `"name":`
	omitEmpty bool
	omitZero  bool // only for Time: omitted when zero
	enc       *jsonEnc
}

// jsonEncoderFor returns the encoder of t.
func jsonEncoderFor(t reflect.Type) *jsonEnc {
	if e := buildJSONEnc(t, map[reflect.Type]bool{}); e != nil {
		return e
	}
	return &jsonEnc{kind: jAny}
}

// buildJSONEnc returns the fast encoder of t, or nil when a value of t
// must go through json.Marshal as a whole.
func buildJSONEnc(t reflect.Type, building map[reflect.Type]bool) *jsonEnc {
	switch t {
	case reflect.TypeFor[Decimal]():
		return &jsonEnc{kind: jDecimal}
	case reflect.TypeFor[Time]():
		return &jsonEnc{kind: jTopTime}
	case reflect.TypeFor[JSON]():
		return &jsonEnc{kind: jRaw}
	case reflect.TypeFor[[]byte]():
		return &jsonEnc{kind: jAny}
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
		return &jsonEnc{kind: jString}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &jsonEnc{kind: jInt}
	case reflect.Bool:
		return &jsonEnc{kind: jBool}
	case reflect.Map, reflect.Interface:
		return &jsonEnc{kind: jAny}
	case reflect.Pointer:
		if e := buildJSONEnc(t.Elem(), building); e != nil {
			return &jsonEnc{kind: jPtr, elem: e}
		}
	case reflect.Slice: // (custom byte types: an element without encoder)
		if e := buildJSONEnc(t.Elem(), building); e != nil {
			return &jsonEnc{kind: jSlice, elem: e}
		}
	case reflect.Struct:
		if building[t] {
			return nil // recursive type
		}
		building[t] = true
		defer delete(building, t)
		e := &jsonEnc{kind: jStruct}
		seen := map[string]bool{}
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if sf.Anonymous {
				return nil
			}
			tag := sf.Tag.Get("json")
			if !sf.IsExported() || tag == "-" {
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
			e.fields = append(e.fields, jsonField{index: i, key: `"` + name + `":`, omitEmpty: opts == "omitempty", omitZero: opts == "omitzero", enc: fe})
		}
		return e
	}
	return nil
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

// appendJSON appends the JSON of v (of the encoder's type) to b. The
// first error (of json.Marshal) is stored in *errp.
func (e *jsonEnc) appendJSON(b []byte, v reflect.Value, errp *error) []byte {
	switch e.kind {
	case jString:
		return appendJSONString(b, v.String())
	case jInt:
		return strconv.AppendInt(b, v.Int(), 10)
	case jBool:
		return strconv.AppendBool(b, v.Bool())
	case jDecimal:
		if v.Len() == 0 {
			return append(b, "null"...)
		}
		return appendJSONString(b, v.String())
	case jTopTime:
		t, _ := reflect.TypeAssert[Time](v)
		if t.IsZero() {
			return append(b, "null"...)
		}
		b = append(b, '"')
		b = appendTime(b, t.Time)
		return append(b, '"')
	case jRaw:
		if len(bytes.TrimSpace(v.Bytes())) == 0 {
			return append(b, "null"...)
		}
		return appendJSONString(b, string(v.Bytes()))
	case jAny:
		if v.CanAddr() {
			v = v.Addr() // pointer methods, as encoding/json calls them on addressable values
		}
		j, err := json.Marshal(v.Interface())
		if err != nil && *errp == nil {
			*errp = err
		}
		return append(b, j...)
	case jPtr:
		if v.IsNil() {
			return append(b, "null"...)
		}
		return e.elem.appendJSON(b, v.Elem(), errp)
	case jSlice:
		if v.IsNil() {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i, n := 0, v.Len(); i < n; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.elem.appendJSON(b, v.Index(i), errp)
		}
		return append(b, ']')
	case jStruct:
		b = append(b, '{')
		first := true
		for i := range e.fields {
			f := &e.fields[i]
			fv := v.Field(f.index)
			if f.omitEmpty && isEmpty(fv) || f.omitZero && fv.IsZero() {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, f.key...)
			b = f.enc.appendJSON(b, fv, errp)
		}
		return append(b, '}')
	}
	return b
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
