package top

import (
	"bytes"
	"context"
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

// appendTime appends t in the TOP layout in GMT+8, faster than AppendFormat.
func appendTime(b []byte, t time.Time) []byte {
	year, month, day := t.In(gmt8).Date()
	if year < 0 || year > 9999 {
		return t.In(gmt8).AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := t.In(gmt8).Clock()
	for i, n := range [...]int{year / 100, year % 100, int(month), day, hour, minute, sec} {
		b = append(b, byte('0'+n/10), byte('0'+n%10))
		if i >= 1 && i <= 5 {
			b = append(b, " -- ::"[i])
		}
	}
	return b
}

// File is a file uploaded as a multipart part (TOP "byte[]" parameters),
// e.g. &top.File{Name: "a.png", Content: b}. Content is used when Reader
// is nil; otherwise Reader is read once, when the request body is built.
// File parameters are never signed.
type File struct {
	Name    string
	Content []byte
	Reader  io.Reader
}

// digitsEnd returns the index just past the ASCII digits at b[i:].
func digitsEnd[S ~string | ~[]byte](b S, i int) int {
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

// The response scalars Int, Bool, Time, Decimal and JSON decode through
// UnmarshalText from a JSON value's text (a string's content, a literal,
// an object's JSON; null is empty) or an XML element's text; their
// UnmarshalJSON, for encoding/json, is Unmarshal.

// Int is an int64 that decodes from a number, numeric text or empty (0),
// exactly. Like the Java SDK's Long fields, a value that is not an integer
// (text, a fraction, an object) is 0 instead of failing the response; an
// integer beyond the int64 range is an error.
type Int int64

// UnmarshalText implements encoding.TextUnmarshaler: text that is no
// integer ("x", "1.5") is 0; "12.0" and "1e3" are integers; only an
// integer beyond int64 (or numeric text longer than maxNumberText) is an
// error.
func (n *Int) UnmarshalText(b []byte) error {
	*n = 0
	b = bytes.TrimSpace(b)
	if !isNumberLiteral(b) {
		return nil
	}
	if len(b) > maxNumberText {
		return fmt.Errorf("top: integer text of %d bytes is out of range", len(b))
	}
	s := string(b)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil && strings.ContainsAny(s, ".eE") {
		// A fraction or an exponent, read exactly. Beyond ±100 the exponent
		// of 64 digits leaves no int64 but 0, so it is clamped.
		m, e, _ := strings.Cut(strings.ToLower(s), "e")
		x, _ := strconv.Atoi(e)
		r, _ := new(big.Rat).SetString(m + "e" + strconv.Itoa(min(max(x, -100), 100)))
		if !r.IsInt() {
			return nil
		}
		v, err = r.Num().Int64(), nil
		if !r.Num().IsInt64() {
			err = strconv.ErrRange
		}
	}
	if err != nil {
		return fmt.Errorf("top: integer %s out of range", excerpt(b))
	}
	*n = Int(v)
	return nil
}

// UnmarshalJSON implements json.Unmarshaler, as Unmarshal decodes n.
func (n *Int) UnmarshalJSON(b []byte) error { return Unmarshal(b, n) }

// Bool is a bool that decodes from true, "true" or "1" (also "t", "yes",
// "y"); like the Java SDK's Boolean.valueOf, any other value is false,
// never an error.
type Bool bool

// UnmarshalText implements encoding.TextUnmarshaler.
func (v *Bool) UnmarshalText(text []byte) error {
	text = bytes.TrimSpace(text)
	*v = Bool(len(text) <= 5 && slices.Contains([]string{"true", "1", "t", "yes", "y"}, strings.ToLower(string(text))))
	return nil
}

// UnmarshalJSON implements json.Unmarshaler, as Unmarshal decodes v.
func (v *Bool) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

// Time is a time.Time that decodes from "2006-01-02 15:04:05" (GMT+8),
// "2006-01-02" (GMT+8), RFC 3339, or epoch milliseconds. Empty text is the
// zero time, and so are a JSON object, array or bool (the Java SDK ignores
// them too); other text that is no time is an error, as in the Java SDK.
type Time struct{ time.Time }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *Time) UnmarshalText(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	switch d := bytes.TrimPrefix(b, []byte("-")); {
	case len(b) == 0 || s == "null":
		t.Time = time.Time{}
		return nil
	case len(b) > maxNumberText:
	case digitsEnd(d, 0) == len(d):
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			t.Time = time.UnixMilli(ms).In(gmt8)
			return nil
		}
	case len(b) == len(TimeLayout) && parseClock(t, b): // the usual form, without time.Parse
		return nil
	default: // (parsing TimeLayout also takes a fraction of a second)
		for _, layout := range []string{TimeLayout, DateLayout, time.RFC3339Nano} {
			if v, err := time.ParseInLocation(layout, s, gmt8); err == nil {
				t.Time = v
				return nil
			}
		}
	}
	return fmt.Errorf("top: invalid time %s", excerpt(b))
}

// parseClock sets t from b, of TimeLayout's length, when b is in that
// layout, as time.ParseInLocation would, and reports whether it was.
func parseClock(t *Time, b []byte) bool {
	n := func(i int) int { return int(b[i]-'0')*10 + int(b[i+1]-'0') } // the two digits at b[i:]
	v := time.Date(n(0)*100+n(2), time.Month(n(5)), n(8), n(11), n(14), n(17), 0, gmt8)
	var buf [len(TimeLayout)]byte
	if string(appendTime(buf[:0], v)) != string(b) { // other bytes than digits, or out of range
		return false
	}
	t.Time = v
	return true
}

// UnmarshalJSON implements json.Unmarshaler, as Unmarshal decodes t.
func (t *Time) UnmarshalJSON(b []byte) error { return Unmarshal(b, t) }

// MarshalJSON writes t as TOP does, "2006-01-02 15:04:05" in GMT+8, or
// null when zero.
func (t Time) MarshalJSON() ([]byte, error) { return t.appendJSON(nil), nil }

// appendJSON appends t's JSON (see MarshalJSON) to b.
func (t Time) appendJSON(b []byte) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	return append(appendTime(append(b, '"'), t.Time), '"')
}

// String formats t in the TOP layout (GMT+8).
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return string(appendTime(nil, t.Time))
}

// Decimal is a decimal number kept as its exact text, sent on the wire as
// is. Like the Java SDK's String fields (Price is a String there), it
// keeps the text of any value: true, or an object's JSON.
type Decimal string

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Decimal) UnmarshalText(text []byte) error {
	*d = Decimal(bytes.TrimSpace(text))
	return nil
}

// UnmarshalJSON implements json.Unmarshaler, as Unmarshal decodes d.
func (d *Decimal) UnmarshalJSON(b []byte) error { return Unmarshal(b, d) }

// JSON is raw JSON text: an object or array kept raw, or a string's
// content. In requests it is sent as is.
type JSON []byte

// UnmarshalText implements encoding.TextUnmarshaler.
func (j *JSON) UnmarshalText(text []byte) error {
	*j = append((*j)[:0:0], bytes.TrimSpace(text)...)
	return nil
}

// UnmarshalJSON implements json.Unmarshaler, as Unmarshal decodes j.
func (j *JSON) UnmarshalJSON(b []byte) error { return Unmarshal(b, j) }

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
	return decodeInto(context.Background(), new(typeCache), data, rv)
}

// UnmarshalXML decodes an XML reply into v (a non-nil pointer to a response
// type) as the client does: the root element is v, its children are matched
// by the fields' json names, and an error_response is returned as *Error.
func UnmarshalXML(data []byte, v any) error {
	return decodeXML(context.Background(), new(typeCache), "UnmarshalXML", data, v)
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
