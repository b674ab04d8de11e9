package top

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// String adds a text parameter; blank values are not sent.
func (s *Params) String(key, v string) {
	if !IsBlank(v) {
		s.ps = append(s.ps, param{key: key, str: v})
	}
}

// Int adds an integer parameter as decimal text; nil is not sent.
func (s *Params) Int(key string, v *int64) {
	if v != nil {
		s.Ints(key, []int64{*v})
	}
}

// Bool adds a boolean parameter as true/false; nil is not sent.
func (s *Params) Bool(key string, v *bool) {
	if v != nil {
		s.Bools(key, []bool{*v})
	}
}

// Time adds a time parameter in TOP's layout (GMT+8); zero is not sent.
func (s *Params) Time(key string, t time.Time) {
	if !t.IsZero() {
		s.Times(key, []time.Time{t})
	}
}

// JSON adds a Json parameter: its text as is.
func (s *Params) JSON(key string, j JSON) {
	start := len(s.arena)
	s.arena = append(s.arena, j...)
	s.addArena(key, start)
}

// File adds a file parameter (a multipart file part); nil is not sent.
func (s *Params) File(key string, f *File) {
	if f != nil {
		s.ps = append(s.ps, param{key: key, file: f})
	}
}

// Files adds a list of files as repeated parts of the same name.
func (s *Params) Files(key string, fs []*File) {
	for _, f := range fs {
		s.File(key, f)
	}
}

// addList adds the items of v, each appended by app, joined with commas.
func addList[T any](s *Params, key string, v []T, app func([]byte, T) []byte) {
	start := len(s.arena)
	for i, x := range v {
		if i > 0 {
			s.arena = append(s.arena, ',')
		}
		s.arena = app(s.arena, x)
	}
	s.addArena(key, start)
}

// Strings adds a list of texts joined with commas.
func Strings[T ~string](s *Params, key string, v []T) {
	addList(s, key, v, func(b []byte, x T) []byte { return append(b, x...) })
}

// Ints adds a list of integers joined with commas.
func (s *Params) Ints(key string, v []int64) {
	addList(s, key, v, func(b []byte, x int64) []byte { return strconv.AppendInt(b, x, 10) })
}

// Bools adds a list of booleans joined with commas.
func (s *Params) Bools(key string, v []bool) { addList(s, key, v, strconv.AppendBool) }

// Times adds a list of times joined with commas.
func (s *Params) Times(key string, v []time.Time) { addList(s, key, v, appendTime) }

// Object adds a request object, a list of them or a map as compact JSON
// with the doc's keys (see the json tags). v points to the field; an
// absent (nil or empty) value is not sent.
func (s *Params) Object(key string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || isEmpty(rv.Elem()) {
		return
	}
	rv = rv.Elem()
	e, _ := s.encs.get(rv.Type(), func() (any, error) { return jsonEncoderFor(rv.Type(), map[reflect.Type]bool{}), nil })
	start, prev := len(s.arena), s.err
	s.arena = e.(jsonEnc)(s.arena, rv, &s.err) // (only a first error is stored)
	if prev == nil && s.err != nil {
		s.err = fmt.Errorf("encoding %s: %w", key, s.err)
	}
	s.addArena(key, start)
}

// ---- body encoding ----

// escTab maps each byte to its url.QueryEscape encoding: the encoded
// bytes in the low three bytes (little-endian) and their count in the top
// byte. Built once, never modified.
var escTab = func() (t [256]uint32) {
	for c := range 256 {
		e := url.QueryEscape(string([]byte{byte(c)}))
		for i := len(e) - 1; i >= 0; i-- {
			t[c] = t[c]<<8 | uint32(e[i])
		}
		t[c] |= uint32(len(e)) << 24
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
	start := len(b)
	for _, i := range s.order {
		if p := &s.ps[i]; (i < s.nsys) == sys && p.file == nil {
			if len(b) > start {
				b = append(b, '&')
			}
			b = append(appendEscaped(b, p.key), '=')
			b = appendEscaped(appendEscaped(b, p.str), s.arena[p.off:p.end]) // (one part is empty)
		}
	}
	return b
}

// multipartBody returns the multipart/form-data body of the business
// parameters and its content type, laid out like the Java SDK's: text
// parts typed text/plain;charset=UTF-8, then the file parts.
func (s *Params) multipartBody() ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part := func(p *param, content []byte) error {
		disp, typ := `form-data; name="`+quoteEscaper.Replace(p.key)+`"`, "text/plain;charset=UTF-8"
		if f := p.file; f != nil {
			name := cmp.Or(f.Name, p.key)
			disp, typ = disp+`; filename="`+quoteEscaper.Replace(name)+`"`, fileMIMEType(name, content)
		}
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {disp}, "Content-Type": {typ}})
		if err == nil {
			_, err = w.Write(content)
		}
		return err
	}
	var err error // once set, nothing more is written
	for _, i := range s.order {
		if p := &s.ps[i]; p.file == nil && i >= s.nsys && err == nil {
			err = part(p, append([]byte(p.str), s.arena[p.off:p.end]...))
		}
	}
	for i := range s.ps {
		if p := &s.ps[i]; p.file != nil && err == nil {
			content := p.file.Content
			if p.file.Reader != nil {
				if content, err = io.ReadAll(p.file.Reader); err != nil {
					return nil, "", fmt.Errorf("top: reading file %s: %w", p.key, err)
				}
			}
			err = part(p, content)
		}
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "multipart/form-data;charset=UTF-8;boundary=" + mw.Boundary(), nil
}

// quoteEscaper makes a text safe in a quoted Content-Disposition value:
// quotes and backslashes escaped, CR and LF percent-encoded as browsers do.
var quoteEscaper = strings.NewReplacer(`"`, `\"`, `\`, `\\`, "\r", "%0D", "\n", "%0A")

// fileMIMEType types a file part by its name's extension, else by its
// content (the Java SDK sniffs images), else application/octet-stream.
func fileMIMEType(name string, content []byte) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	if len(content) > 0 {
		return http.DetectContentType(content)
	}
	return "application/octet-stream"
}
