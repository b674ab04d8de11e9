package top

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The request encoder writes the JSON of request objects (and lists of
// them) the way the Java SDK's JSONWriter writes the doc's Java types,
// without encoding/json's per-call reflection walk. It handles structs
// nested to any depth whose fields are strings, signed integers, bools (or
// pointers to them), Decimal, Time, JSON, []byte, maps, and slices and
// pointers of these and of such structs. Strings, ints and bools are
// written as json.Marshal writes them (HTML-safe escaping included); a
// Decimal (Price, BigDecimal) is a JSON string ("1.10"), a JSON (Json) is
// a JSON string holding its text, a Time is "yyyy-MM-dd HH:mm:ss" in
// GMT+8, []byte is base64 and maps go through encoding/json. Other shapes
// (never generated) — unsigned integers, floats, embedded fields, custom
// marshalers, tag options other than omitempty and omitzero, unusual
// names, recursive types — are left to encoding/json: jsonEncoderFor
// returns nil for them.

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	decimalType       = reflect.TypeFor[Decimal]()
	rawJSONType       = reflect.TypeFor[JSON]()
	topTimeType       = reflect.TypeFor[Time]()
)

type jKind uint8

const (
	jString jKind = iota + 1
	jInt
	jBool
	jDecimal
	jTopTime
	jRaw   // top.JSON
	jBytes // []byte: base64
	jAny   // maps and interfaces: encoding/json
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

// jsonEncoderFor returns the fast encoder of t, or nil when t must be
// encoded by encoding/json.
func jsonEncoderFor(t reflect.Type) *jsonEnc {
	return buildJSONEnc(t, map[reflect.Type]bool{})
}

func hasMarshaler(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(jsonMarshalerType) || pt.Implements(jsonMarshalerType) ||
		t.Implements(textMarshalerType) || pt.Implements(textMarshalerType)
}

func buildJSONEnc(t reflect.Type, building map[reflect.Type]bool) *jsonEnc {
	switch t {
	case decimalType:
		return &jsonEnc{kind: jDecimal}
	case topTimeType:
		return &jsonEnc{kind: jTopTime}
	case rawJSONType:
		return &jsonEnc{kind: jRaw}
	}
	if t.Kind() != reflect.Pointer && hasMarshaler(t) {
		return nil // (a pointer's methods are its element's, checked below)
	}
	switch t.Kind() {
	case reflect.String:
		return &jsonEnc{kind: jString}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &jsonEnc{kind: jInt}
	case reflect.Bool:
		return &jsonEnc{kind: jBool}
	case reflect.Pointer:
		if e := buildJSONEnc(t.Elem(), building); e != nil {
			return &jsonEnc{kind: jPtr, elem: e}
		}
	case reflect.Map, reflect.Interface:
		return &jsonEnc{kind: jAny}
	case reflect.Slice:
		if t.Elem() == reflect.TypeFor[byte]() {
			return &jsonEnc{kind: jBytes}
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // custom byte types
		}
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
			if !sf.IsExported() {
				continue
			}
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			switch opts {
			case "", "omitempty", "omitzero":
			default:
				return nil
			}
			if name == "" {
				name = sf.Name
			}
			if !simpleJSONName(name) || seen[strings.ToLower(name)] {
				return nil
			}
			seen[strings.ToLower(name)] = true
			fe := buildJSONEnc(sf.Type, building)
			if fe == nil {
				return nil
			}
			e.fields = append(e.fields, jsonField{index: i, key: `"` + name + `":`, omitEmpty: opts == "omitempty", omitZero: opts == "omitzero", enc: fe})
		}
		return e
	}
	return nil
}

// simpleJSONName reports whether name needs no escaping as a JSON key.
func simpleJSONName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// isEmpty mirrors encoding/json's omitempty test for the kinds handled.
func (e *jsonEnc) isEmpty(v reflect.Value) bool {
	switch e.kind {
	case jString, jDecimal:
		return v.Len() == 0
	case jInt:
		return v.Int() == 0
	case jBool:
		return !v.Bool()
	case jPtr, jAny:
		return v.IsNil()
	case jSlice, jRaw, jBytes:
		return v.Len() == 0
	}
	return false // structs, Time
}

// appendJSON appends the JSON of v (of the encoder's type) to b. The
// first error (a map value encoding/json refuses) is stored in *errp.
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
	case jBytes:
		if v.IsNil() {
			return append(b, "null"...)
		}
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"')
	case jAny:
		if v.IsNil() {
			return append(b, "null"...)
		}
		j, err := json.Marshal(v.Interface())
		if err != nil {
			if *errp == nil {
				*errp = err
			}
			return append(b, "null"...)
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
			if f.omitEmpty && f.enc.isEmpty(fv) || f.omitZero && fv.IsZero() {
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
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexLower[c>>4], hexLower[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexLower[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
