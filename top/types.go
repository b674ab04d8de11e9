package top

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// TimeLayout is the wire layout of TOP date-times (always in GMT+8).
const TimeLayout = "2006-01-02 15:04:05"

// DateLayout is the wire layout of TOP dates.
const DateLayout = "2006-01-02"

// gmt8 is the fixed GMT+8 zone TOP uses for every timestamp. It is created
// once and never modified (a *time.Location is immutable after creation).
var gmt8 = time.FixedZone("GMT+8", 8*3600)

// GMT8 returns the fixed GMT+8 zone TOP uses for all wire timestamps.
func GMT8() *time.Location { return gmt8 }

// FormatTime formats t as a TOP wire timestamp ("2006-01-02 15:04:05" in GMT+8).
func FormatTime(t time.Time) string {
	var b [24]byte
	return string(appendTime(b[:0], t))
}

// appendTime appends t in the TOP layout in GMT+8.
func appendTime(b []byte, t time.Time) []byte {
	t = t.In(gmt8)
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := t.Clock()
	return append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-',
		byte('0'+day/10), byte('0'+day%10), ' ',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10))
}

// File is a file uploaded as a multipart part (TOP "byte[]" parameters).
// Content is used when Reader is nil; otherwise Reader is read once, when
// the request body is built. File parameters are never signed.
type File struct {
	Name    string
	Content []byte
	Reader  io.Reader
}

// NewFile returns a File with the given file name and content.
func NewFile(name string, content []byte) *File {
	return &File{Name: name, Content: content}
}

// NewFileReader returns a File whose content is read from r when the
// request body is built.
func NewFileReader(name string, r io.Reader) *File {
	return &File{Name: name, Reader: r}
}

// ---- helpers shared by the tolerant types ----

// jsonStringContent returns the decoded content of a JSON string literal.
// Literals without escapes are returned as a sub-slice (no allocation).
func jsonStringContent(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return nil, fmt.Errorf("top: invalid JSON string %s", excerpt(data))
	}
	inner := data[1 : len(data)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

func isNull(data []byte) bool {
	return len(data) == 4 && string(data) == "null"
}

// isNumberLiteral reports whether b is a JSON-style number literal
// (optional sign, digits, optional fraction and exponent).
func isNumberLiteral(b []byte) bool {
	i, n := 0, len(b)
	if i < n && (b[i] == '-' || b[i] == '+') {
		i++
	}
	digits := 0
	for i < n && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if i < n && b[i] == '.' {
		i++
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '-' || b[i] == '+') {
			i++
		}
		ed := 0
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == n
}

// parseInt64Text parses an integer literal exactly. Literals with a
// fraction or exponent are accepted when they denote an integer.
func parseInt64Text(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, nil
	}
	if b[0] == '+' {
		b = b[1:]
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return n, nil
	}
	if !isNumberLiteral(b) {
		return 0, fmt.Errorf("top: invalid integer %s", excerpt(b))
	}
	r, ok := new(big.Rat).SetString(string(b))
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, fmt.Errorf("top: integer %s out of range", excerpt(b))
	}
	return r.Num().Int64(), nil
}

// ---- Int ----

// Int is an int64 that decodes from a JSON number, a numeric string, XML
// text, or empty/null (0). Large values are parsed exactly from the literal.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		*n = 0
		return nil
	}
	text, err := jsonScalarText(data)
	if err != nil {
		return err
	}
	return n.UnmarshalText(text)
}

// jsonScalarText returns the text of a JSON scalar: a string's content, or
// the literal itself (a number, true, false).
func jsonScalarText(data []byte) ([]byte, error) {
	if len(data) > 0 && data[0] == '"' {
		return jsonStringContent(data)
	}
	return data, nil
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (n *Int) UnmarshalText(text []byte) error {
	v, err := parseInt64Text(text)
	if err != nil {
		return err
	}
	*n = Int(v)
	return nil
}

// MarshalJSON implements json.Marshaler (a JSON number).
func (n Int) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// MarshalText implements encoding.TextMarshaler.
func (n Int) MarshalText() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// Int64 returns n as an int64.
func (n Int) Int64() int64 { return int64(n) }

// ---- Bool ----

// Bool is a bool that decodes from a JSON bool, the strings "true"/"false"
// (also "1"/"0"), XML text, or empty/null (false).
type Bool bool

func parseBoolText(b []byte) (bool, error) {
	b = bytes.TrimSpace(b)
	switch strings.ToLower(string(b)) {
	case "true", "1", "t", "yes", "y":
		return true, nil
	case "false", "0", "f", "no", "n", "", "null":
		return false, nil
	}
	return false, fmt.Errorf("top: invalid boolean %s", excerpt(b))
}

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(data []byte) error {
	text, err := jsonScalarText(data)
	if err != nil {
		return err
	}
	return v.UnmarshalText(text)
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (v *Bool) UnmarshalText(text []byte) error {
	b, err := parseBoolText(text)
	if err != nil {
		return err
	}
	*v = Bool(b)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (v Bool) MarshalJSON() ([]byte, error) {
	return strconv.AppendBool(nil, bool(v)), nil
}

// MarshalText implements encoding.TextMarshaler.
func (v Bool) MarshalText() ([]byte, error) {
	return strconv.AppendBool(nil, bool(v)), nil
}

// ---- Time ----

// Time is a time.Time that decodes from "2006-01-02 15:04:05" (GMT+8),
// "2006-01-02" (GMT+8), RFC 3339, or epoch milliseconds (number or numeric
// string). Empty/null decode to the zero time.
type Time struct{ time.Time }

func parseTimeText(b []byte) (time.Time, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return time.Time{}, nil
	}
	s := string(b)
	allDigits := true
	for i, c := range b {
		if (c < '0' || c > '9') && !(i == 0 && c == '-') {
			allDigits = false
			break
		}
	}
	if allDigits {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("top: invalid epoch milliseconds %s", excerpt(b))
		}
		return time.UnixMilli(ms).In(gmt8), nil
	}
	switch {
	case len(s) == len(TimeLayout):
		if t, ok := parseTimeLayout(b); ok {
			return t, nil
		}
		if t, err := time.ParseInLocation(TimeLayout, s, gmt8); err == nil {
			return t, nil
		}
	case len(s) == len(DateLayout):
		if t, err := time.ParseInLocation(DateLayout, s, gmt8); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04:05.999999999", s, gmt8); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("top: invalid time %s", excerpt(b))
}

// parseTimeLayout parses b in TimeLayout (GMT+8) without time.Parse when
// it is plainly well formed; ok is false otherwise (time.Parse decides).
func parseTimeLayout(b []byte) (time.Time, bool) {
	if len(b) != len(TimeLayout) || b[4] != '-' || b[7] != '-' || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	var v [6]int
	for i, at := range [6]int{0, 5, 8, 11, 14, 17} {
		w := 2
		if i == 0 {
			w = 4
		}
		n := 0
		for _, c := range b[at : at+w] {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n = n*10 + int(c-'0')
		}
		v[i] = n
	}
	year, month, day, hour, minute, sec := v[0], v[1], v[2], v[3], v[4], v[5]
	if month < 1 || month > 12 || day < 1 || day > 28 && day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, gmt8), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(data []byte) error {
	text, err := jsonScalarText(data)
	if err != nil {
		return err
	}
	return t.UnmarshalText(text)
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (t *Time) UnmarshalText(text []byte) error {
	v, err := parseTimeText(text)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON emits the TOP layout in GMT+8, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 22)
	b = append(b, '"')
	b = appendTime(b, t.Time)
	return append(b, '"'), nil
}

// MarshalText emits the TOP layout in GMT+8 (empty for the zero time).
func (t Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	return appendTime(nil, t.Time), nil
}

// String formats t in the TOP layout (GMT+8).
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t.Time)
}

// ---- Decimal ----

// Decimal is a decimal number kept as its exact text. It decodes from a JSON
// number or string and is sent on the wire as is.
type Decimal string

// UnmarshalJSON implements json.Unmarshaler.
func (d *Decimal) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		*d = ""
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		s, err := jsonStringContent(data)
		if err != nil {
			return err
		}
		*d = Decimal(bytes.TrimSpace(s))
		return nil
	}
	if !isNumberLiteral(data) {
		return fmt.Errorf("top: invalid decimal %s", excerpt(data))
	}
	*d = Decimal(data)
	return nil
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (d *Decimal) UnmarshalText(text []byte) error {
	*d = Decimal(bytes.TrimSpace(text))
	return nil
}

// MarshalJSON emits a JSON number when d is a valid number literal, a JSON
// string otherwise, and null when d is empty.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	if b := []byte(d); isNumberLiteral(b) && json.Valid(b) {
		return b, nil
	}
	return json.Marshal(string(d))
}

// Rat returns the exact value of d; ok is false when d is not a number.
func (d Decimal) Rat() (r *big.Rat, ok bool) {
	s := strings.TrimSpace(string(d))
	if s == "" || !isNumberLiteral([]byte(s)) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// String returns the decimal text.
func (d Decimal) String() string { return string(d) }

// ---- JSON ----

// JSON is raw JSON text. It decodes from a JSON object/array (kept raw) or
// from a JSON string (its content); in XML from the element text. In
// requests it is sent as is.
type JSON []byte

// UnmarshalJSON implements json.Unmarshaler.
func (j *JSON) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		*j = nil
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		s, err := jsonStringContent(data)
		if err != nil {
			return err
		}
		*j = append((*j)[:0:0], s...)
		return nil
	}
	*j = append((*j)[:0:0], data...)
	return nil
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (j *JSON) UnmarshalText(text []byte) error {
	*j = append((*j)[:0:0], bytes.TrimSpace(text)...)
	return nil
}

// MarshalJSON emits j raw when it is valid JSON, as a JSON string when it
// is not, and null when it is empty.
func (j JSON) MarshalJSON() ([]byte, error) {
	if len(bytes.TrimSpace(j)) == 0 {
		return []byte("null"), nil
	}
	if json.Valid(j) {
		return append([]byte(nil), j...), nil
	}
	return json.Marshal(string(j))
}

// MarshalText implements encoding.TextMarshaler.
func (j JSON) MarshalText() ([]byte, error) { return append([]byte(nil), j...), nil }

// Unmarshal decodes the raw JSON into v.
func (j JSON) Unmarshal(v any) error { return json.Unmarshal(j, v) }

// String returns the raw text.
func (j JSON) String() string { return string(j) }

// ---- List ----

// List is a response list. It decodes from a plain JSON array (simplify
// mode), from TOP's wrapper object {"item_name":[...]} (a single object or
// scalar inside the wrapper is tolerated), from null, and in XML from
// <list><item_name>…</item_name>…</list>.
type List[T any] []T

// UnmarshalJSON implements json.Unmarshaler. The work is done by
// non-generic code so that each List[T] adds almost nothing to compile.
func (l *List[T]) UnmarshalJSON(data []byte) error {
	return unmarshalList(reflect.ValueOf(l).Elem(), data)
}

// UnmarshalXML implements xml.Unmarshaler: every child element of start is
// decoded into one T.
func (l *List[T]) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return unmarshalListXML(reflect.ValueOf(l).Elem(), d)
}

// unmarshalList decodes JSON into the slice s: a plain array, TOP's
// wrapper object {"item_name":[...]} (a single value inside the wrapper
// is one element), a single element, or null.
func unmarshalList(s reflect.Value, data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || isNull(data) {
		s.SetZero()
		return nil
	}
	switch data[0] {
	case '[':
		return unmarshalArray(s, data)
	case '{':
		it := objIter{data: data}
		var val []byte
		n := 0
		for it.next() {
			n++
			val = it.val
		}
		if it.err != nil {
			return it.err
		}
		switch n {
		case 0:
			s.Set(reflect.MakeSlice(s.Type(), 0, 0))
			return nil
		case 1:
			return unmarshalListInner(s, val)
		}
		// Not a wrapper: a single element object.
		return unmarshalListOne(s, data)
	}
	return unmarshalListOne(s, data)
}

func unmarshalListInner(s reflect.Value, val []byte) error {
	val = bytes.TrimSpace(val)
	if len(val) == 0 || isNull(val) {
		s.SetZero()
		return nil
	}
	if val[0] == '[' {
		return unmarshalArray(s, val)
	}
	return unmarshalListOne(s, val)
}

// unmarshalArray decodes a JSON array into s through a plain slice of the
// element type (decoding into s itself would call List's UnmarshalJSON again).
func unmarshalArray(s reflect.Value, data []byte) error {
	plain := reflect.New(reflect.SliceOf(s.Type().Elem()))
	if err := json.Unmarshal(data, plain.Interface()); err != nil {
		return err
	}
	s.Set(plain.Elem().Convert(s.Type()))
	return nil
}

func unmarshalListOne(s reflect.Value, data []byte) error {
	v := reflect.New(s.Type().Elem())
	if err := json.Unmarshal(data, v.Interface()); err != nil {
		return err
	}
	one := reflect.MakeSlice(s.Type(), 1, 1)
	one.Index(0).Set(v.Elem())
	s.Set(one)
	return nil
}

// unmarshalListXML decodes every child element of the current element into
// one element of the slice s.
func unmarshalListXML(s reflect.Value, d *xml.Decoder) error {
	out := reflect.MakeSlice(s.Type(), 0, 0)
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v := reflect.New(s.Type().Elem())
			if err := d.DecodeElement(v.Interface(), &t); err != nil {
				return err
			}
			out = reflect.Append(out, v.Elem())
		case xml.EndElement:
			s.Set(out)
			return nil
		}
	}
}

// ---- minimal JSON object scanner ----

// objIter iterates over the members of a JSON object without allocating.
// Keys are returned raw (without quotes, escapes not decoded).
type objIter struct {
	data    []byte
	pos     int
	started bool
	key     []byte
	val     []byte
	err     error
}

var errMalformedJSON = errors.New("malformed JSON")

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string literal starting at i.
// A backslash escapes the byte after it.
func skipString(b []byte, i int) (int, bool) {
	i++ // opening quote
	for i < len(b) {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b), false
		}
		e := bytes.IndexByte(b[i:i+q], '\\')
		if e < 0 {
			return i + q + 1, true
		}
		i += e + 2
	}
	return len(b), false
}

// skipValue returns the index just past the JSON value starting at i.
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				var ok bool
				if i, ok = skipString(b, i); !ok {
					return i, false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
		return i, false
	default:
		start := i
		for i < len(b) {
			c := b[i]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				break
			}
			i++
		}
		return i, i > start
	}
}

func (it *objIter) next() bool {
	if it.err != nil {
		return false
	}
	b := it.data
	i := skipWS(b, it.pos)
	if !it.started {
		if i >= len(b) || b[i] != '{' {
			it.err = errMalformedJSON
			return false
		}
		it.started = true
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == '}' {
			it.pos = i + 1
			return false
		}
	} else {
		if i >= len(b) {
			it.err = errMalformedJSON
			return false
		}
		if b[i] == '}' {
			it.pos = i + 1
			return false
		}
		if b[i] != ',' {
			it.err = errMalformedJSON
			return false
		}
		i = skipWS(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		it.err = errMalformedJSON
		return false
	}
	end, ok := skipString(b, i)
	if !ok {
		it.err = errMalformedJSON
		return false
	}
	it.key = b[i+1 : end-1]
	i = skipWS(b, end)
	if i >= len(b) || b[i] != ':' {
		it.err = errMalformedJSON
		return false
	}
	i = skipWS(b, i+1)
	vend, ok := skipValue(b, i)
	if !ok {
		it.err = errMalformedJSON
		return false
	}
	it.val = b[i:vend]
	it.pos = vend
	return true
}

// excerpt returns a short printable excerpt of b for error messages.
func excerpt(b []byte) string {
	const max = 200
	b = bytes.TrimSpace(b)
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "…"
	}
	return strconv.Quote(string(b))
}
