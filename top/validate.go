package top

import (
	"cmp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Rule names reported in FieldError.Rule.
const (
	RuleRequired     = "required"
	RuleMaxLength    = "max_length"
	RuleMaxListSize  = "max_list_size"
	RuleMinValue     = "min_value"
	RuleMaxValue     = "max_value"
	RuleAtLeastOneOf = "at_least_one_of"
	RuleMaxDepth     = "max_depth" // nested deeper than the 16 levels validated (TOP nests 7 at most)
)

// FieldError is one validation failure.
type FieldError struct {
	Path    string // wire path, e.g. "fund_bill_list[2].amount"
	Rule    string // one of the Rule* constants
	Message string // human readable description
}

// Error implements error.
func (e FieldError) Error() string {
	return e.Path + ": " + e.Message
}

// ValidationError lists every violation found by Validate.
type ValidationError struct {
	Errors []FieldError
}

// Error implements error; it lists all violations.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		msgs[i] = fe.Error()
	}
	return "top: invalid request: " + strings.Join(msgs, "; ")
}

// Unwrap exposes the individual FieldErrors to errors.As / errors.Is.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

const maxDepth = 16

type pathSeg struct {
	name string
	idx  int // -1: no index
}

// Validator collects the violations of one request. Generated Validate
// methods declare one on the stack and call its checks field by field;
// nested objects are entered with Enter/At/Leave so that every
// FieldError carries its wire path ("fund_bill_list[2].amount"). A check
// that passes does not allocate.
type Validator struct {
	path [maxDepth]pathSeg
	n    int
	errs []FieldError
}

// Enter descends into the field name (an object or a list of objects).
func (v *Validator) Enter(name string) {
	if v.n < maxDepth {
		v.path[v.n] = pathSeg{name, -1}
	} else if v.n == maxDepth {
		v.failAt(name, -1, RuleMaxDepth, "nested deeper than 16 levels: not validated")
	}
	v.n++
}

// At sets the list index of the field last entered.
func (v *Validator) At(i int) {
	if v.n > 0 && v.n <= maxDepth {
		v.path[v.n-1].idx = i
	}
}

// Leave returns from the field last entered.
func (v *Validator) Leave() { v.n-- }

// Err returns nil or a *ValidationError with every violation found.
func (v *Validator) Err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: v.errs}
}

// pathString is the wire path of the field leaf (with an index when idx
// >= 0) of the current object; leaf "" is the object's own path.
func (v *Validator) pathString(leaf string, idx int) string {
	var b []byte
	for i := 0; i <= min(v.n, maxDepth); i++ {
		s := pathSeg{leaf, idx}
		if i < min(v.n, maxDepth) {
			s = v.path[i]
		}
		if s.name != "" && len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, s.name...)
		if s.idx >= 0 {
			b = strconv.AppendInt(append(b, '['), int64(s.idx), 10)
			b = append(b, ']')
		}
	}
	return string(b)
}

// failAt records a violation of the field name (an index when idx >= 0)
// of the current object.
func (v *Validator) failAt(name string, idx int, rule, msg string) {
	v.errs = append(v.errs, FieldError{Path: v.pathString(name, idx), Rule: rule, Message: msg})
}

// Required records a missing required field unless set.
func (v *Validator) Required(name string, set bool) {
	if !set {
		v.failAt(name, -1, RuleRequired, "is required")
	}
}

// MaxLen checks the length of s in UTF-16 code units (Java's
// String.length()); a blank value counts as absent.
func (v *Validator) MaxLen(name, s string, max int) {
	if len(s) > max && !IsBlank(s) { // utf16Len(s) <= len(s): short strings need no counting
		v.over(name, RuleMaxLength, "length ", utf16Len(s), " exceeds maximum ", max)
	}
}

// MaxLenJoined checks the length of a list of strings joined with commas,
// as it is sent.
func (v *Validator) MaxLenJoined(name string, s []string, max int) {
	l := -1
	for _, x := range s {
		l += 1 + utf16Len(x)
	}
	if len(s) > 0 {
		v.over(name, RuleMaxLength, "joined length ", l, " exceeds maximum ", max)
	}
}

// MaxItems checks the length of a list (n items).
func (v *Validator) MaxItems(name string, n, max int) {
	v.over(name, RuleMaxListSize, "has ", n, " items, maximum ", max)
}

// MaxEntries checks the number of entries of a map.
func (v *Validator) MaxEntries(name string, n, max int) {
	v.over(name, RuleMaxListSize, "has ", n, " entries, maximum ", max)
}

// MaxSplit checks the number of items of a comma-separated string, as
// Java's s.split(",") counts them (trailing empty items dropped).
func (v *Validator) MaxSplit(name, s string, max int) {
	if IsBlank(s) {
		return
	}
	n := 0
	if t := strings.TrimRight(s, ","); t != "" {
		n = strings.Count(t, ",") + 1
	}
	v.over(name, RuleMaxListSize, "has ", n, " comma-separated items, maximum ", max)
}

// over records n > max as a violation of rule, described as pre n mid max.
func (v *Validator) over(name, rule, pre string, n int, mid string, max int) {
	if n > max {
		v.failAt(name, -1, rule, pre+strconv.Itoa(n)+mid+strconv.Itoa(max))
	}
}

// Int checks an integer against the decimal bounds min and max ("" for
// none); nil is absent.
func (v *Validator) Int(name string, x *int64, min, max string) {
	if x != nil {
		v.intAt(name, -1, *x, min, max)
	}
}

// Ints checks every item of a list of integers against min and max.
func (v *Validator) Ints(name string, xs []int64, min, max string) {
	for i, x := range xs {
		v.intAt(name, i, x, min, max)
	}
}

// Byte checks a TOP byte (java.lang.Byte): -128..127, then min and max.
func (v *Validator) Byte(name string, x *int64, min, max string) {
	v.Int(name, x, "-128", "127")
	v.Int(name, x, min, max)
}

func (v *Validator) intAt(name string, idx int, x int64, min, max string) {
	if !inInt64(x, min, 1) || !inInt64(x, max, -1) {
		var buf [24]byte
		v.textAt(name, idx, string(strconv.AppendInt(buf[:0], x, 10)), min, max)
	}
}

// inInt64 reports whether x is on the side sign of the bound (x >= bound
// for 1), or the bound is ""; a bound beyond int64 is compared as text.
func inInt64(x int64, bound string, sign int) bool {
	if bound == "" {
		return true
	}
	b, err := strconv.ParseInt(bound, 10, 64)
	return err == nil && cmp.Compare(x, b)*sign >= 0
}

// Text checks numeric text (a Price, a String holding a number) against
// min and max exactly; text that is not a number is not checked.
func (v *Validator) Text(name, s, min, max string) {
	v.textAt(name, -1, s, min, max)
}

// Texts checks every item of a list of numeric texts against min and max.
func Texts[T ~string](v *Validator, name string, xs []T, min, max string) {
	for i, x := range xs {
		v.textAt(name, i, string(x), min, max)
	}
}

// textAt checks numeric text exactly as a plain decimal; text with an
// exponent cannot be checked, and is refused when there are limits.
func (v *Validator) textAt(name string, idx int, s, min, max string) {
	s = strings.TrimSpace(s)
	if c, ok := cmpDecimalText(s, min); ok && c < 0 {
		v.failAt(name, idx, RuleMinValue, "value "+s+" is less than minimum "+min)
	}
	if c, ok := cmpDecimalText(s, max); ok && c > 0 {
		v.failAt(name, idx, RuleMaxValue, "value "+s+" is greater than maximum "+max)
	}
	if min+max != "" && strings.ContainsAny(s, "eE") && isNumberLiteral([]byte(s)) {
		v.failAt(name, idx, RuleMaxValue, "value "+s+" has an exponent: write it as a plain decimal to check it against its limits")
	}
}

// AtLeastOneOf records a broken at-least-one-of rule unless set. names
// are the rule's parameters as documented, joined with commas; at the top
// level they are the error's path, inside an object the path is the
// object's and leaves names the fields.
func (v *Validator) AtLeastOneOf(set bool, names, leaves string) {
	if set {
		return
	}
	path, in := names, ""
	if v.n > 0 {
		path, names = v.pathString("", -1), leaves
		in = " in " + path
	}
	v.errs = append(v.errs, FieldError{Path: path, Rule: RuleAtLeastOneOf,
		Message: "at least one of " + strings.ReplaceAll(names, ",", ", ") + " must be set" + in})
}

// utf16Len returns the length of s in UTF-16 code units (Java's length()).
func utf16Len(s string) (n int) {
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitDecimal splits a plain decimal literal (no exponent) into its sign,
// integer digits (no leading zeros) and fraction digits (no trailing ones).
func splitDecimal(s string) (neg bool, ip, fp string, ok bool) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	ip, fp, _ = strings.Cut(s, ".")
	ok = len(ip)+len(fp) > 0 && digitsEnd(ip, 0) == len(ip) && digitsEnd(fp, 0) == len(fp)
	ip, fp = strings.TrimLeft(ip, "0"), strings.TrimRight(fp, "0")
	return neg && len(ip)+len(fp) > 0, ip, fp, ok // -0 is 0
}

// cmpDecimalText compares two plain decimal literals exactly without
// allocating; ok is false when either is not a plain decimal.
func cmpDecimalText(a, b string) (int, bool) {
	an, ai, af, ok1 := splitDecimal(a)
	bn, bi, bf, ok2 := splitDecimal(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	c := 1
	if an == bn { // trailing zeros stripped: the fractions' lexical order is numeric order
		c = cmp.Or(cmp.Compare(len(ai), len(bi)), cmp.Compare(ai, bi), cmp.Compare(af, bf))
	}
	if an {
		c = -c
	}
	return c, true
}
