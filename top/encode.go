package top

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"reflect"
	"strconv"
	"time"
)

type fieldKind uint8

const (
	kString      fieldKind = iota + 1 // string kinds, incl. Decimal
	kBytes                            // []byte kinds (JSON): sent as text
	kInt                              // signed integers
	kUint                             // unsigned integers
	kFloat                            // floats
	kBool                             // bools
	kTime                             // time.Time
	kTopTime                          // top.Time
	kScalarSlice                      // slices of scalars: comma-joined
	kJSON                             // structs, slices of structs, maps: compact JSON
	kAny                              // interface: string as is, otherwise JSON
	kFile                             // *File
	kFileSlice                        // []*File
)

type fieldPlan struct {
	index int
	name  string
	kind  fieldKind
	ptr   bool // the field is a pointer to the scalar kind
}

type typePlan struct {
	fields []fieldPlan
}

var fileSliceType = reflect.TypeFor[[]*File]()
var filePtrType = reflect.TypeFor[*File]()

// plan returns the cached encoding plan of a request struct type.
func (c *Client) plan(t reflect.Type) *typePlan {
	if p, ok := c.plans.Load(t); ok {
		return p.(*typePlan)
	}
	p := buildPlan(t)
	actual, _ := c.plans.LoadOrStore(t, p)
	return actual.(*typePlan)
}

func buildPlan(t reflect.Type) *typePlan {
	p := &typePlan{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := topTag(sf.Tag)
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		o := parseTopTag(tag)
		if o.name == "" {
			continue
		}
		fp := fieldPlan{index: i, name: o.name}
		ft := sf.Type
		switch {
		case ft == filePtrType || ft == fileType:
			fp.kind = kFile
		case ft == fileSliceType:
			fp.kind = kFileSlice
		default:
			if ft.Kind() == reflect.Pointer && scalarKind(ft.Elem()) != 0 {
				fp.ptr = true
				ft = ft.Elem()
			}
			fp.kind = scalarKind(ft)
			if fp.kind == 0 {
				switch ft.Kind() {
				case reflect.Slice, reflect.Array:
					if scalarKind(ft.Elem()) != 0 {
						fp.kind = kScalarSlice
					} else {
						fp.kind = kJSON
					}
				case reflect.Interface:
					fp.kind = kAny
				default:
					fp.kind = kJSON
				}
			}
		}
		p.fields = append(p.fields, fp)
	}
	return p
}

func scalarKind(t reflect.Type) fieldKind {
	switch t {
	case timeType:
		return kTime
	case topTimeType:
		return kTopTime
	}
	switch t.Kind() {
	case reflect.String:
		return kString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kUint
	case reflect.Float32, reflect.Float64:
		return kFloat
	case reflect.Bool:
		return kBool
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return kBytes
		}
	}
	return 0
}

// encodeRequest adds the parameters of req (a pointer to a tagged struct)
// to ps.
func (c *Client) encodeRequest(ps *paramSet, req any) error {
	if req == nil {
		return nil
	}
	rv := reflect.ValueOf(req)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return fmt.Errorf("top: request must be a struct, got %s", rv.Type())
	}
	p := c.plan(rv.Type())
	for i := range p.fields {
		f := &p.fields[i]
		if err := ps.encodeField(f, rv.Field(f.index)); err != nil {
			return fmt.Errorf("top: encoding %s: %w", f.name, err)
		}
	}
	return nil
}

func (ps *paramSet) encodeField(f *fieldPlan, v reflect.Value) error {
	if f.ptr {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch f.kind {
	case kString:
		ps.addString(f.name, v.String())
	case kBytes:
		if v.Len() > 0 {
			start := len(ps.arena)
			ps.arena = append(ps.arena, v.Bytes()...)
			ps.addArena(f.name, start)
		}
	case kInt, kUint, kFloat, kBool, kTime, kTopTime:
		start := len(ps.arena)
		if b, ok := appendScalar(ps.arena, f.kind, v); ok {
			ps.arena = b
			ps.addArena(f.name, start)
		}
	case kScalarSlice:
		n := v.Len()
		if n == 0 {
			return nil
		}
		ek := scalarKind(v.Type().Elem())
		start := len(ps.arena)
		for i := 0; i < n; i++ {
			if i > 0 {
				ps.arena = append(ps.arena, ',')
			}
			ps.arena, _ = appendScalar(ps.arena, ek, v.Index(i))
		}
		ps.addArena(f.name, start)
	case kJSON, kAny:
		switch v.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			if v.IsNil() || (v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.Len() == 0) {
				return nil
			}
		}
		if f.kind == kAny {
			if s, ok := v.Elem().Interface().(string); ok {
				ps.addString(f.name, s)
				return nil
			}
		}
		var x any
		if v.CanAddr() {
			x = v.Addr().Interface() // pointer: no boxing allocation
		} else {
			x = v.Interface()
		}
		// Encode through the set's reusable encoder (same output as
		// json.Marshal, without the per-call result allocation).
		if ps.enc == nil {
			ps.enc = json.NewEncoder(&ps.jbuf)
		}
		ps.jbuf.Reset()
		if err := ps.enc.Encode(x); err != nil {
			return err
		}
		start := len(ps.arena)
		ps.arena = append(ps.arena, bytes.TrimSuffix(ps.jbuf.Bytes(), []byte("\n"))...)
		ps.addArena(f.name, start)
	case kFile:
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil
			}
			v = v.Elem()
		}
		fl, _ := reflect.TypeAssert[File](v)
		ps.addFile(f.name, &fl)
	case kFileSlice:
		files, _ := reflect.TypeAssert[[]*File](v)
		for _, fl := range files {
			ps.addFile(f.name, fl)
		}
	}
	return nil
}

// appendScalar appends the wire text of a scalar value. ok is false when
// the value must not be sent (zero time).
func appendScalar(b []byte, k fieldKind, v reflect.Value) ([]byte, bool) {
	switch k {
	case kString:
		return append(b, v.String()...), true
	case kInt:
		return strconv.AppendInt(b, v.Int(), 10), true
	case kUint:
		return strconv.AppendUint(b, v.Uint(), 10), true
	case kFloat:
		return strconv.AppendFloat(b, v.Float(), 'f', -1, 64), true
	case kBool:
		return strconv.AppendBool(b, v.Bool()), true
	case kTime:
		t, _ := reflect.TypeAssert[time.Time](v)
		if t.IsZero() {
			return b, false
		}
		return appendTime(b, t), true
	case kTopTime:
		t, _ := reflect.TypeAssert[Time](v)
		if t.IsZero() {
			return b, false
		}
		return appendTime(b, t.Time), true
	case kBytes:
		return append(b, v.Bytes()...), true
	}
	return b, false
}

// ---- body encoding ----

// escClass classifies bytes for form encoding like url.QueryEscape:
// '0' kept as is (A-Z a-z 0-9 - _ . ~), '2' space (becomes '+'),
// '1' percent-encoded.
const escClass = "1111111111111111111111111111111121111111111110010000000000111111100000000000000000000000000111101000000000000000000000000001110111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"

func escapedLen[S ~string | ~[]byte](s S) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if escClass[s[i]] == '1' {
			n += 2
		}
	}
	return n
}

// appendEscaped appends s form-encoded (like url.QueryEscape).
func appendEscaped[S ~string | ~[]byte](b []byte, s S) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch escClass[c] {
		case '0':
			continue
		case '2':
			b = append(b, s[start:i]...)
			b = append(b, '+')
		default:
			b = append(b, s[start:i]...)
			b = append(b, '%', hexUpper[c>>4], hexUpper[c&15])
		}
		start = i + 1
	}
	return append(b, s[start:]...)
}

// escTab holds, for every byte, its form encoding as 4 bytes: the encoded
// length followed by up to 3 encoded bytes (zero padded).
const escTab = "\x03%00\x03%01\x03%02\x03%03\x03%04\x03%05\x03%06\x03%07\x03%08\x03%09\x03%0A\x03%0B\x03%0C\x03%0D\x03%0E\x03%0F" +
	"\x03%10\x03%11\x03%12\x03%13\x03%14\x03%15\x03%16\x03%17\x03%18\x03%19\x03%1A\x03%1B\x03%1C\x03%1D\x03%1E\x03%1F" +
	"\x01+\x00\x00\x03%21\x03%22\x03%23\x03%24\x03%25\x03%26\x03%27\x03%28\x03%29\x03%2A\x03%2B\x03%2C\x01\x2d\x00\x00\x01\x2e\x00\x00\x03%2F" +
	"\x01\x30\x00\x00\x01\x31\x00\x00\x01\x32\x00\x00\x01\x33\x00\x00\x01\x34\x00\x00\x01\x35\x00\x00\x01\x36\x00\x00\x01\x37\x00\x00\x01\x38\x00\x00\x01\x39\x00\x00\x03%3A\x03%3B\x03%3C\x03%3D\x03%3E\x03%3F" +
	"\x03%40\x01\x41\x00\x00\x01\x42\x00\x00\x01\x43\x00\x00\x01\x44\x00\x00\x01\x45\x00\x00\x01\x46\x00\x00\x01\x47\x00\x00\x01\x48\x00\x00\x01\x49\x00\x00\x01\x4a\x00\x00\x01\x4b\x00\x00\x01\x4c\x00\x00\x01\x4d\x00\x00\x01\x4e\x00\x00\x01\x4f\x00\x00" +
	"\x01\x50\x00\x00\x01\x51\x00\x00\x01\x52\x00\x00\x01\x53\x00\x00\x01\x54\x00\x00\x01\x55\x00\x00\x01\x56\x00\x00\x01\x57\x00\x00\x01\x58\x00\x00\x01\x59\x00\x00\x01\x5a\x00\x00\x03%5B\x03%5C\x03%5D\x03%5E\x01\x5f\x00\x00" +
	"\x03%60\x01\x61\x00\x00\x01\x62\x00\x00\x01\x63\x00\x00\x01\x64\x00\x00\x01\x65\x00\x00\x01\x66\x00\x00\x01\x67\x00\x00\x01\x68\x00\x00\x01\x69\x00\x00\x01\x6a\x00\x00\x01\x6b\x00\x00\x01\x6c\x00\x00\x01\x6d\x00\x00\x01\x6e\x00\x00\x01\x6f\x00\x00" +
	"\x01\x70\x00\x00\x01\x71\x00\x00\x01\x72\x00\x00\x01\x73\x00\x00\x01\x74\x00\x00\x01\x75\x00\x00\x01\x76\x00\x00\x01\x77\x00\x00\x01\x78\x00\x00\x01\x79\x00\x00\x01\x7a\x00\x00\x03%7B\x03%7C\x03%7D\x01\x7e\x00\x00\x03%7F" +
	"\x03%80\x03%81\x03%82\x03%83\x03%84\x03%85\x03%86\x03%87\x03%88\x03%89\x03%8A\x03%8B\x03%8C\x03%8D\x03%8E\x03%8F" +
	"\x03%90\x03%91\x03%92\x03%93\x03%94\x03%95\x03%96\x03%97\x03%98\x03%99\x03%9A\x03%9B\x03%9C\x03%9D\x03%9E\x03%9F" +
	"\x03%A0\x03%A1\x03%A2\x03%A3\x03%A4\x03%A5\x03%A6\x03%A7\x03%A8\x03%A9\x03%AA\x03%AB\x03%AC\x03%AD\x03%AE\x03%AF" +
	"\x03%B0\x03%B1\x03%B2\x03%B3\x03%B4\x03%B5\x03%B6\x03%B7\x03%B8\x03%B9\x03%BA\x03%BB\x03%BC\x03%BD\x03%BE\x03%BF" +
	"\x03%C0\x03%C1\x03%C2\x03%C3\x03%C4\x03%C5\x03%C6\x03%C7\x03%C8\x03%C9\x03%CA\x03%CB\x03%CC\x03%CD\x03%CE\x03%CF" +
	"\x03%D0\x03%D1\x03%D2\x03%D3\x03%D4\x03%D5\x03%D6\x03%D7\x03%D8\x03%D9\x03%DA\x03%DB\x03%DC\x03%DD\x03%DE\x03%DF" +
	"\x03%E0\x03%E1\x03%E2\x03%E3\x03%E4\x03%E5\x03%E6\x03%E7\x03%E8\x03%E9\x03%EA\x03%EB\x03%EC\x03%ED\x03%EE\x03%EF" +
	"\x03%F0\x03%F1\x03%F2\x03%F3\x03%F4\x03%F5\x03%F6\x03%F7\x03%F8\x03%F9\x03%FA\x03%FB\x03%FC\x03%FD\x03%FE\x03%FF"

// putEscaped writes s form-encoded into dst and returns the number of bytes
// written. dst must hold escapedLen(s)+2 bytes: every byte is written as 3
// bytes (branch-free), of which only the encoded length is kept.
func putEscaped[S ~string | ~[]byte](dst []byte, s S) int {
	j := 0
	for i := 0; i < len(s); i++ {
		e := escTab[int(s[i])*4:][:4]
		d := dst[j:][:3]
		d[0], d[1], d[2] = e[1], e[2], e[3]
		j += int(e[0])
	}
	return j
}

// formBody returns the application/x-www-form-urlencoded body of ps.
func (ps *paramSet) formBody() []byte {
	n := 0
	for i := range ps.ps {
		p := &ps.ps[i]
		n += escapedLen(p.key) + 2
		if p.inArena {
			n += escapedLen(ps.arena[p.off:p.end])
		} else {
			n += escapedLen(p.str)
		}
	}
	if n > 0 {
		n-- // no '&' before the first pair
	}
	b := make([]byte, n+2) // +2: putEscaped slack
	j := 0
	for i := range ps.ps {
		p := &ps.ps[i]
		if i > 0 {
			b[j] = '&'
			j++
		}
		j += putEscaped(b[j:], p.key)
		b[j] = '='
		j++
		if p.inArena {
			j += putEscaped(b[j:], ps.arena[p.off:p.end])
		} else {
			j += putEscaped(b[j:], p.str)
		}
	}
	return b[:j]
}

func (ps *paramSet) hasFiles() bool {
	for i := range ps.ps {
		if ps.ps[i].file != nil {
			return true
		}
	}
	return false
}

// multipartBody returns a multipart/form-data body of ps and its content type.
func (ps *paramSet) multipartBody() ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := range ps.ps {
		p := &ps.ps[i]
		if p.file != nil {
			continue
		}
		if err := mw.WriteField(p.key, ps.value(p)); err != nil {
			return nil, "", err
		}
	}
	for i := range ps.ps {
		p := &ps.ps[i]
		if p.file == nil {
			continue
		}
		name := p.file.Name
		if name == "" {
			name = p.key
		}
		w, err := mw.CreateFormFile(p.key, name)
		if err != nil {
			return nil, "", err
		}
		if p.file.Reader != nil {
			if _, err := io.Copy(w, p.file.Reader); err != nil {
				return nil, "", fmt.Errorf("top: reading file %s: %w", p.key, err)
			}
		} else if _, err := w.Write(p.file.Content); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}
