package top

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TimeLayout is the wire layout of TOP date-times (always in GMT+8).
const TimeLayout = "2006-01-02 15:04:05"

// DateLayout is the wire layout of TOP dates.
const DateLayout = "2006-01-02"

// gmt8 is the fixed GMT+8 zone of TOP timestamps (immutable).
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

// jsonScalarText returns the text of a JSON scalar: a string's decoded
// content (a sub-slice when it has no escapes), or the literal itself (a
// number, true, false, an object's JSON); null is nil.
func jsonScalarText(data []byte) ([]byte, error) {
	if string(data) == "null" {
		return nil, nil
	}
	if len(data) == 0 || data[0] != '"' {
		return data, nil
	}
	if end, ok := scanString(data, 0); !ok || end != len(data) {
		return nil, fmt.Errorf("top: invalid JSON string %s", excerpt(data))
	}
	return appendUnquoted(nil, data), nil
}

// unmarshalJSONText decodes the JSON scalar data with u's UnmarshalText.
func unmarshalJSONText(data []byte, u encoding.TextUnmarshaler) error {
	text, err := jsonScalarText(data)
	if err != nil {
		return err
	}
	return u.UnmarshalText(text)
}

// digitsEnd returns the index just past the ASCII digits at b[i:].
func digitsEnd(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// isNumberLiteral reports whether b is a JSON-style number literal
// (optional sign, digits, optional fraction and exponent).
func isNumberLiteral(b []byte) bool {
	end, ok := numberEnd(b, 0, false)
	return ok && end == len(b)
}

// numberEnd returns the index just past the number literal at b[i:], if
// there is one: by JSON's grammar when strict, else also with a leading
// '+', leading zeros or no digits on one side of the point.
func numberEnd(b []byte, i int, strict bool) (int, bool) {
	if i < len(b) && (b[i] == '-' || !strict && b[i] == '+') {
		i++
	}
	j := digitsEnd(b, i)
	if strict && j > i+1 && b[i] == '0' {
		return i + 1, true // a JSON number ends after a leading 0
	}
	digits := j - i
	if j < len(b) && b[j] == '.' {
		k := digitsEnd(b, j+1)
		if strict && (digits == 0 || k == j+1) {
			return k, false
		}
		digits, j = digits+k-j-1, k
	}
	if digits == 0 {
		return j, false
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		if j++; j < len(b) && (b[j] == '-' || b[j] == '+') {
			j++
		}
		if k := digitsEnd(b, j); k > j {
			return k, true
		}
		return j, false
	}
	return j, true
}

// maxNumberText bounds the length of numeric text that is parsed: no
// int64 needs more, and a hostile reply cannot make parsing slow.
const maxNumberText = 64

// parseIntText reads integer text as the Java SDK reads a Long (see Int):
// text that is no integer ("x", "1.5") is no value (ok false); "12.0" and
// "1e3" are integers; only an integer beyond int64 (or numeric text longer
// than maxNumberText) is an error.
func parseIntText(b []byte) (v int64, ok bool, err error) {
	b = bytes.TrimSpace(b)
	if !isNumberLiteral(b) {
		return 0, false, nil
	}
	if len(b) > maxNumberText {
		return 0, false, fmt.Errorf("top: integer text of %d bytes is out of range", len(b))
	}
	s := string(b)
	if v, err = strconv.ParseInt(s, 10, 64); err != nil && strings.ContainsAny(s, ".eE") {
		// A fraction or an exponent, read exactly. Beyond ±100 the exponent
		// of 64 digits leaves no int64 but 0, so it is clamped.
		m, e, _ := strings.Cut(strings.ToLower(s), "e")
		x, _ := strconv.Atoi(e)
		r, _ := new(big.Rat).SetString(m + "e" + strconv.Itoa(min(max(x, -100), 100)))
		if !r.IsInt() {
			return 0, false, nil
		}
		v, err = r.Num().Int64(), nil
		if !r.Num().IsInt64() {
			err = strconv.ErrRange
		}
	}
	if err != nil {
		return 0, false, fmt.Errorf("top: integer %s out of range", excerpt(b))
	}
	return v, true, nil
}

// Int is an int64 that decodes from a JSON number, a numeric string, XML
// text, or empty/null (0). Large values are parsed exactly from the literal.
// Like the Java SDK's Long fields, a value that is not an integer (text,
// a fraction, an object) decodes as 0 instead of failing the response;
// an integer beyond the int64 range is an error.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(data []byte) error { return unmarshalJSONText(data, n) }

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (n *Int) UnmarshalText(text []byte) error {
	v, _, err := parseIntText(text)
	if err == nil {
		*n = Int(v)
	}
	return err
}

// Int64 returns n as an int64.
func (n Int) Int64() int64 { return int64(n) }

// Bool is a bool that decodes from a JSON bool, the strings "true"/"false"
// (also "1"/"0"), XML text, or empty/null (false). Like the Java SDK's
// Boolean.valueOf, any other value is false, never an error.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(data []byte) error { return unmarshalJSONText(data, v) }

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (v *Bool) UnmarshalText(text []byte) error {
	text = bytes.TrimSpace(text)
	*v = Bool(len(text) <= 5 && slices.Contains([]string{"true", "1", "t", "yes", "y"}, strings.ToLower(string(text))))
	return nil
}

// Time is a time.Time that decodes from "2006-01-02 15:04:05" (GMT+8),
// "2006-01-02" (GMT+8), RFC 3339, or epoch milliseconds (number or numeric
// string). Empty/null decode to the zero time, and so do an object, an
// array or a bool (the Java SDK ignores them too); text that is no time is
// an error, as in the Java SDK.
type Time struct{ time.Time }

func parseTimeText(b []byte) (time.Time, error) {
	b = bytes.TrimSpace(b)
	if t, ok := parseTimeLayout(b); ok || len(b) == 0 || string(b) == "null" {
		return t, nil
	}
	if len(b) > maxNumberText {
		return time.Time{}, fmt.Errorf("top: invalid time %s", excerpt(b))
	}
	s := string(b)
	if strings.Trim(strings.TrimPrefix(s, "-"), "0123456789") == "" {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("top: invalid epoch milliseconds %s", excerpt(b))
		}
		return time.UnixMilli(ms).In(gmt8), nil
	}
	// (Parsing TimeLayout also takes a fraction of a second.)
	for _, layout := range []string{TimeLayout, DateLayout} {
		if t, err := time.ParseInLocation(layout, s, gmt8); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("top: invalid time %s", excerpt(b))
}

// parseTimeLayout parses b in TimeLayout (GMT+8) without time.Parse when
// it is plainly well formed; ok is false otherwise (time.Parse decides).
func parseTimeLayout(b []byte) (time.Time, bool) {
	if len(b) != len(TimeLayout) {
		return time.Time{}, false
	}
	var v [6]int // year, month, day, hour, minute, second
	k := 0
	for i, c := range b {
		switch l := TimeLayout[i]; {
		case '0' <= l && l <= '9' && '0' <= c && c <= '9':
			v[k] = v[k]*10 + int(c-'0')
		case l == c: // a separator
			k++
		default:
			return time.Time{}, false
		}
	}
	year, month, day, hour, minute, sec := v[0], v[1], v[2], v[3], v[4], v[5]
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, gmt8)
	return t, day <= 28 || t.Day() == day // not normalised (Feb 30 is no date)
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && strings.IndexByte("{[tf", data[0]) >= 0 {
		t.Time = time.Time{}
		return nil
	}
	return unmarshalJSONText(data, t)
}

// UnmarshalText implements encoding.TextUnmarshaler (used for XML).
func (t *Time) UnmarshalText(text []byte) error {
	v, err := parseTimeText(text)
	if err == nil {
		t.Time = v
	}
	return err
}

// MarshalJSON emits the TOP layout in GMT+8, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return append(appendTime([]byte{'"'}, t.Time), '"'), nil
}

// MarshalText emits the TOP layout in GMT+8 (empty for the zero time).
func (t Time) MarshalText() ([]byte, error) {
	return []byte(t.String()), nil
}

// String formats t in the TOP layout (GMT+8).
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t.Time)
}

// Decimal is a decimal number kept as its exact text. It decodes from a JSON
// number or string and is sent on the wire as is. Like the Java SDK's
// String fields (Price is a String there), any other JSON value keeps its
// text: true, or an object's JSON.
type Decimal string

// UnmarshalJSON implements json.Unmarshaler.
func (d *Decimal) UnmarshalJSON(data []byte) error { return unmarshalJSONText(data, d) }

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

// Rat returns the exact value of d; ok is false when d is not a number or
// is beyond what Rat handles: text over 1,000 bytes, or an exponent beyond
// ±1000 (hostile text like "1e999999999" would allocate without bound).
func (d Decimal) Rat() (r *big.Rat, ok bool) {
	s := strings.TrimSpace(string(d))
	if len(s) > 1000 || !isNumberLiteral([]byte(s)) {
		return nil, false
	}
	m, e, _ := strings.Cut(strings.ToLower(s), "e")
	_, frac, _ := strings.Cut(m, ".")
	x, err := strconv.Atoi(e) // the exponent less the fraction's digits
	if x -= len(frac); e != "" && err != nil || x > 1000 || x < -1000-len(strings.TrimLeft(s, "+-")) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// String returns the decimal text.
func (d Decimal) String() string { return string(d) }

// JSON is raw JSON text. It decodes from a JSON object/array (kept raw) or
// from a JSON string (its content); in XML from the element text. In
// requests it is sent as is.
type JSON []byte

// UnmarshalJSON implements json.Unmarshaler.
func (j *JSON) UnmarshalJSON(data []byte) error {
	text, err := jsonScalarText(data)
	if text != nil {
		text = append((*j)[:0:0], text...)
	}
	*j = text
	return err
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

// Unmarshal decodes the raw JSON into v: like top.Unmarshal when v points
// to a type the client decodes (a response struct, a List…), else with
// encoding/json (a map, an int…).
func (j JSON) Unmarshal(v any) error {
	if rv, err := target(v); err == nil {
		var plans typeCache // the plan is built once
		if _, err := decPlanFor(&plans, rv.Type()); err == nil {
			return decodeInto(context.Background(), &plans, j, rv)
		}
	}
	return json.Unmarshal(j, v)
}

// String returns the raw text.
func (j JSON) String() string { return string(j) }

// List is a response list. The client decodes it from a plain JSON array
// (simplify mode), from TOP's wrapper object {"item_name":[...]}, from a
// single element, and in XML from <list><item_name>…</item_name>…</list>.
// As in the Java SDK, "", null and {} are an empty list, and null elements
// and elements of the wrong shape are left out (no phantom elements). It
// has no methods, so that its many instances cost nothing to compile; use
// Unmarshal or UnmarshalXML, not encoding/json or encoding/xml, to decode
// a TOP reply outside a call.
type List[T any] []T

// Unmarshal decodes the JSON value data into v (a non-nil pointer to a
// response type) as the client decodes responses: tolerant of the shapes
// TOP sends (see List, Int, Bool, Time).
func Unmarshal(data []byte, v any) error {
	rv, err := target(v)
	if err != nil {
		return err
	}
	return decodeInto(context.Background(), nil, data, rv)
}

// UnmarshalXML decodes an XML reply into v (a non-nil pointer to a response
// type) as the client does: the root element is v, its children are matched
// by the fields' json names, and an error_response is returned as *Error.
func UnmarshalXML(data []byte, v any) error {
	return decodeXML(context.Background(), nil, "UnmarshalXML", data, v)
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
