package top

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	ptr   bool     // the field is a pointer to the scalar kind
	jenc  *jsonEnc // kJSON: fast encoder, nil for encoding/json
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
		if fp.kind == kJSON {
			fp.jenc = jsonEncoderFor(sf.Type)
		}
		p.fields = append(p.fields, fp)
	}
	// Parameters are added in key order, which makes sorting them cheap.
	slices.SortStableFunc(p.fields, func(a, b fieldPlan) int { return strings.Compare(a.name, b.name) })
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
		if f.jenc != nil {
			start := len(ps.arena)
			ps.arena = f.jenc.appendJSON(ps.arena, v)
			ps.addArena(f.name, start)
			return nil
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

// escTab maps each byte to its form encoding (like url.QueryEscape): the
// encoded bytes in the low three bytes (little-endian) and their count in
// the top byte. A-Z a-z 0-9 - _ . ~ are kept, space becomes '+', every
// other byte becomes %XX. Built once, never modified.
var escTab = func() (t [256]uint32) {
	for c := 0; c < 256; c++ {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			t[c] = uint32(c) | 1<<24
		case c == ' ':
			t[c] = '+' | 1<<24
		default:
			t[c] = '%' | uint32(hexUpper[c>>4])<<8 | uint32(hexUpper[c&15])<<16 | 3<<24
		}
	}
	return t
}()

// appendEscaped appends s form-encoded (like url.QueryEscape).
func appendEscaped[S ~string | ~[]byte](b []byte, s S) []byte {
	j := len(b)
	// Room for the worst case plus the slack of the 4-byte stores.
	b = slices.Grow(b, 3*len(s)+4)
	d := b[:cap(b)]
	for i := 0; i < len(s); i++ {
		e := escTab[s[i]]
		binary.LittleEndian.PutUint32(d[j:], e)
		j += int(e >> 24)
	}
	return b[:j]
}

// formBody returns the application/x-www-form-urlencoded body of ps. It is
// escaped into the set's scratch buffer and then copied out: the body
// outlives the call (an http.RoundTripper may read it after Do returns),
// so it must not be reused.
func (ps *paramSet) formBody() []byte {
	b := ps.fbuf[:0]
	for i := range ps.ps {
		p := &ps.ps[i]
		if i > 0 {
			b = append(b, '&')
		}
		b = appendEscaped(b, p.key)
		b = append(b, '=')
		if p.inArena {
			b = appendEscaped(b, ps.arena[p.off:p.end])
		} else {
			b = appendEscaped(b, p.str)
		}
	}
	ps.fbuf = b
	if len(b) == 0 {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
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
