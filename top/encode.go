package top

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// String adds a text parameter; blank values are not sent.
func (s *Params) String(key, v string) { s.addString(key, v) }

// Int adds an integer parameter as decimal text; nil is not sent.
func (s *Params) Int(key string, v *int64) {
	if v != nil {
		start := len(s.arena)
		s.arena = strconv.AppendInt(s.arena, *v, 10)
		s.addArena(key, start)
	}
}

// Bool adds a boolean parameter as true/false; nil is not sent.
func (s *Params) Bool(key string, v *bool) {
	if v != nil {
		start := len(s.arena)
		s.arena = strconv.AppendBool(s.arena, *v)
		s.addArena(key, start)
	}
}

// Time adds a time parameter in TOP's layout (GMT+8); the zero time is not
// sent.
func (s *Params) Time(key string, t time.Time) {
	if !t.IsZero() {
		start := len(s.arena)
		s.arena = appendTime(s.arena, t)
		s.addArena(key, start)
	}
}

// JSON adds a Json parameter: its text as is.
func (s *Params) JSON(key string, j JSON) {
	start := len(s.arena)
	s.arena = append(s.arena, j...)
	s.addArena(key, start)
}

// File adds a file parameter (a multipart file part); nil is not sent.
func (s *Params) File(key string, f *File) { s.addFile(key, f) }

// Files adds a list of files as repeated parts of the same name.
func (s *Params) Files(key string, fs []*File) {
	for _, f := range fs {
		s.addFile(key, f)
	}
}

// Strings adds a list of texts joined with commas.
func Strings[T ~string](s *Params, key string, v []T) {
	start := len(s.arena)
	for i, x := range v {
		if i > 0 {
			s.arena = append(s.arena, ',')
		}
		s.arena = append(s.arena, x...)
	}
	s.addArena(key, start)
}

// Ints adds a list of integers joined with commas.
func (s *Params) Ints(key string, v []int64) {
	start := len(s.arena)
	for i, x := range v {
		if i > 0 {
			s.arena = append(s.arena, ',')
		}
		s.arena = strconv.AppendInt(s.arena, x, 10)
	}
	s.addArena(key, start)
}

// Bools adds a list of booleans joined with commas.
func (s *Params) Bools(key string, v []bool) {
	start := len(s.arena)
	for i, x := range v {
		if i > 0 {
			s.arena = append(s.arena, ',')
		}
		s.arena = strconv.AppendBool(s.arena, x)
	}
	s.addArena(key, start)
}

// Times adds a list of times joined with commas.
func (s *Params) Times(key string, v []time.Time) {
	start := len(s.arena)
	for i, x := range v {
		if i > 0 {
			s.arena = append(s.arena, ',')
		}
		s.arena = appendTime(s.arena, x)
	}
	s.addArena(key, start)
}

// Object adds a request object, a list of them or a map as compact JSON
// with the doc's keys (see the json tags). v points to the field; an
// absent (nil or empty) value is not sent.
func (s *Params) Object(key string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	rv = rv.Elem()
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return
		}
	case reflect.Map, reflect.Slice:
		if rv.Len() == 0 {
			return
		}
	}
	if enc := s.jsonEncoder(rv.Type()); enc != nil {
		start := len(s.arena)
		var err error
		s.arena = enc.appendJSON(s.arena, rv, &err)
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("encoding %s: %w", key, err)
		}
		s.addArena(key, start)
		return
	}
	// Other shapes: encoding/json through the set's reusable encoder.
	if s.enc == nil {
		s.enc = json.NewEncoder(&s.jbuf)
	}
	s.jbuf.Reset()
	if err := s.enc.Encode(v); err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("encoding %s: %w", key, err)
		}
		return
	}
	start := len(s.arena)
	s.arena = append(s.arena, bytes.TrimSuffix(s.jbuf.Bytes(), []byte("\n"))...)
	s.addArena(key, start)
}

// jsonEncoder returns the cached fast encoder of t (nil: encoding/json).
func (s *Params) jsonEncoder(t reflect.Type) *jsonEnc {
	if s.encs == nil {
		return jsonEncoderFor(t)
	}
	if e, ok := s.encs.Load(t); ok {
		return e.(*jsonEnc)
	}
	e, _ := s.encs.LoadOrStore(t, jsonEncoderFor(t))
	return e.(*jsonEnc)
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

// appendForm appends the form encoding of the system (sys) or the
// business parameters, in key order once sorted.
func (s *Params) appendForm(b []byte, sys bool) []byte {
	first := true
	for _, i := range s.order {
		p := &s.ps[i]
		if p.sys != sys || p.file != nil {
			continue
		}
		if !first {
			b = append(b, '&')
		}
		first = false
		b = appendEscaped(b, p.key)
		b = append(b, '=')
		if p.inArena {
			b = appendEscaped(b, s.arena[p.off:p.end])
		} else {
			b = appendEscaped(b, p.str)
		}
	}
	return b
}

func (s *Params) hasFiles() bool {
	for i := range s.ps {
		if s.ps[i].file != nil {
			return true
		}
	}
	return false
}

// multipartBody returns the multipart/form-data body of the business
// parameters and its content type, laid out like the Java SDK's: the
// charset in the content type, text parts typed text/plain;charset=UTF-8,
// file parts typed by their name or content.
func (s *Params) multipartBody() ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, i := range s.order {
		p := &s.ps[i]
		if p.file != nil || p.sys {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(p.key)+`"`)
		h.Set("Content-Type", "text/plain;charset=UTF-8")
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := io.WriteString(w, s.value(p)); err != nil {
			return nil, "", err
		}
	}
	for i := range s.ps {
		p := &s.ps[i]
		if p.file == nil {
			continue
		}
		name := p.file.Name
		if name == "" {
			name = p.key
		}
		content := p.file.Content
		if p.file.Reader != nil {
			b, err := io.ReadAll(p.file.Reader)
			if err != nil {
				return nil, "", fmt.Errorf("top: reading file %s: %w", p.key, err)
			}
			content = b
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(p.key)+`"; filename="`+escapeQuotes(name)+`"`)
		h.Set("Content-Type", fileMIMEType(name, content))
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := w.Write(content); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "multipart/form-data;charset=UTF-8;boundary=" + mw.Boundary(), nil
}

// escapeQuotes makes s safe inside a quoted Content-Disposition value:
// quotes and backslashes are escaped, and CR and LF (which would start a
// new header line) are percent-encoded, as browsers do.
func escapeQuotes(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\\':
			b = append(b, '\\')
		case '\r':
			b = append(b, "%0D"...)
			continue
		case '\n':
			b = append(b, "%0A"...)
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// fileMIMEType returns the type of a file part: from the file name's
// extension when it is known, else sniffed from the content (the Java SDK
// sniffs the image types), else application/octet-stream.
func fileMIMEType(name string, content []byte) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	if len(content) > 0 {
		return http.DetectContentType(content)
	}
	return "application/octet-stream"
}
