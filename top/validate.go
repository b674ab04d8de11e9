package top

import (
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Rule names reported in FieldError.Rule.
const (
	RuleRequired     = "required"
	RuleMaxLength    = "max_length"
	RuleMaxListSize  = "max_list_size"
	RuleMinValue     = "min_value"
	RuleMaxValue     = "max_value"
	RuleAtLeastOneOf = "at_least_one_of"
	// RuleMaxDepth reports a value nested deeper than validation goes
	// (16 path segments; TOP documents nest 7 at most), so that nothing is
	// skipped silently.
	RuleMaxDepth = "max_depth"
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
	var b strings.Builder
	b.WriteString("top: invalid request: ")
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Unwrap exposes the individual FieldErrors to errors.As / errors.Is.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

type ruleKind uint8

const ruleAtLeastOneOf ruleKind = iota + 1

// Rule is a cross-field constraint checked by Validate after the per-field
// tag rules. Build rules with AtLeastOneOf.
type Rule struct {
	kind   ruleKind
	names  []string // as given
	parent []string // path to the object the rule applies to; "x[]" is each item of list x
	leaves []string // the names within that object
}

// AtLeastOneOf requires at least one of the named parameters (wire names)
// to be set. Names are siblings: top-level ("trade_no"), or dotted paths
// into request objects ("pay_param.order_id", "query_list[].receiver_phone"),
// in which case the rule holds for that object, or for each item of a list,
// when it is present.
func AtLeastOneOf(names ...string) Rule {
	r := Rule{kind: ruleAtLeastOneOf, names: names}
	for i, n := range names {
		parent, leaf := "", n
		if j := strings.LastIndexByte(n, '.'); j >= 0 {
			parent, leaf = n[:j], n[j+1:]
		}
		if i == 0 && parent != "" {
			r.parent = strings.Split(parent, ".")
		}
		r.leaves = append(r.leaves, leaf)
	}
	return r
}

// checkRule applies a cross-field rule to the request struct rv.
func (w *validator) checkRule(rv reflect.Value, r Rule) {
	if len(r.parent) == 0 {
		if !anySet(rv, r.leaves) {
			w.failRule(r, "")
		}
		return
	}
	eachObject(rv, r.parent, "", func(obj reflect.Value, path string) {
		if !anySet(obj, r.leaves) {
			w.failRule(r, path)
		}
	})
}

// eachObject calls fn for every object that the path segs leads to from
// the struct v (through pointers, and through every item of a list
// segment "x[]"); absent objects are skipped.
func eachObject(v reflect.Value, segs []string, path string, fn func(reflect.Value, string)) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	if len(segs) == 0 {
		fn(v, path)
		return
	}
	name, _ := strings.CutSuffix(segs[0], "[]")
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag, ok := topTag(t.Field(i).Tag)
		if !ok {
			continue
		}
		if n, _, _ := strings.Cut(tag, ","); n != name {
			continue
		}
		p := name
		if path != "" {
			p = path + "." + name
		}
		fv := v.Field(i)
		if fv.Kind() == reflect.Slice {
			for j := 0; j < fv.Len(); j++ {
				eachObject(fv.Index(j), segs[1:], p+"["+strconv.Itoa(j)+"]", fn)
			}
			return
		}
		eachObject(fv, segs[1:], p, fn)
		return
	}
}

// tagOpts holds the parsed options of a `top` tag.
type tagOpts struct {
	name     string
	required bool
	file     bool
	maxLen   int
	maxItems int
	min      string
	max      string
}

// parseTopTag parses `name,opt,opt=val`; unknown options are ignored.
func parseTopTag(tag string) tagOpts {
	o := tagOpts{maxLen: -1, maxItems: -1}
	i := strings.IndexByte(tag, ',')
	if i < 0 {
		o.name = tag
		return o
	}
	o.name = tag[:i]
	rest := tag[i+1:]
	for rest != "" {
		j := 0
		for j < len(rest) && rest[j] != ',' {
			j++
		}
		opt := rest[:j]
		if j < len(rest) {
			rest = rest[j+1:]
		} else {
			rest = ""
		}
		switch {
		case opt == "required":
			o.required = true
		case opt == "file":
			o.file = true
		case strings.HasPrefix(opt, "maxlen="):
			if n, ok := atoi(opt[len("maxlen="):]); ok {
				o.maxLen = n
			}
		case strings.HasPrefix(opt, "maxitems="):
			if n, ok := atoi(opt[len("maxitems="):]); ok {
				o.maxItems = n
			}
		case strings.HasPrefix(opt, "min="):
			o.min = strings.TrimSpace(opt[len("min="):])
		case strings.HasPrefix(opt, "max="):
			o.max = strings.TrimSpace(opt[len("max="):])
		default:
			if t := strings.TrimSpace(opt); t != opt && t != "" {
				// Tolerate spaces around options.
				rest = t + "," + rest
			}
		}
	}
	return o
}

// atoi parses a small non-negative decimal integer.
func atoi(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	topTimeType = reflect.TypeFor[Time]()
	fileType    = reflect.TypeFor[File]()
)

const maxDepth = 16

type pathSeg struct {
	name string
	idx  int // -1: no index
}

// validator walks a request value and collects FieldErrors. The path is a
// fixed-size stack so that walking a valid request does not allocate.
type validator struct {
	path [maxDepth + 1]pathSeg
	n    int
	errs []FieldError
	c    *Client // non-nil: walk structs through the client's cached plans
}

func (w *validator) push(name string, idx int) {
	w.path[w.n] = pathSeg{name, idx}
	w.n++
}

func (w *validator) pop() { w.n-- }

func (w *validator) pathString() string {
	var b strings.Builder
	for i := 0; i < w.n; i++ {
		s := w.path[i]
		if s.name != "" {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		}
		if s.idx >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteByte(']')
		}
	}
	return b.String()
}

func (w *validator) fail(rule, msg string) {
	w.errs = append(w.errs, FieldError{Path: w.pathString(), Rule: rule, Message: msg})
}

// requestStruct dereferences a request down to its struct; a nil pointer
// is the zero struct. ok is false when there is no struct to validate.
func requestStruct(rv reflect.Value) (reflect.Value, bool) {
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			if rv.Kind() == reflect.Pointer {
				rv = reflect.Zero(rv.Type().Elem())
				continue
			}
			return rv, false
		}
		rv = rv.Elem()
	}
	return rv, rv.Kind() == reflect.Struct
}

// Validate checks v (a struct or pointer to struct) against the options of
// its `top` tags — required, maxlen (UTF-16 code units), maxitems, min, max —
// recursing into nested structs, struct pointers and slices of structs,
// then applies rules. It returns nil or a *ValidationError listing every
// violation. A nil pointer is validated as the zero value.
func Validate(v any, rules ...Rule) error {
	rv, ok := requestStruct(reflect.ValueOf(v))
	if !ok {
		return nil
	}
	var w validator
	w.walkStruct(rv)
	for _, r := range rules {
		if r.kind == ruleAtLeastOneOf && len(r.names) > 0 {
			w.checkRule(rv, r)
		}
	}
	if len(w.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: w.errs}
}

// failRule records a broken rule; path is the object it applies to ("" at the top level).
func (w *validator) failRule(r Rule, path string) {
	if path == "" {
		w.errs = append(w.errs, FieldError{
			Path:    strings.Join(r.names, ","),
			Rule:    RuleAtLeastOneOf,
			Message: "at least one of " + strings.Join(r.names, ", ") + " must be set",
		})
		return
	}
	w.errs = append(w.errs, FieldError{
		Path:    path,
		Rule:    RuleAtLeastOneOf,
		Message: "at least one of " + strings.Join(r.leaves, ", ") + " must be set in " + path,
	})
}

// RuledRequest is implemented by generated requests. ValidationRules
// returns the cross-field rules their Validate method passes to Validate;
// it must return the same rules on every call (and must not depend on the
// receiver, which may be a zero value). Client.Do validates a RuledRequest
// through a per-type plan cached on the Client instead of calling Validate:
// the outcome is that of Validate(req, req.ValidationRules()...), without
// re-reading struct tags on every call.
type RuledRequest interface {
	Request
	ValidationRules() []Rule
}

// vField is a field that validation must look at, with its parsed options.
type vField struct {
	index int
	opts  tagOpts
}

// vPlan is the cached validation plan of a struct type: the fields
// walkStruct would check, in order.
type vPlan struct {
	fields []vField
}

// vRule is a rule with the indexes of the fields it names.
type vRule struct {
	rule   Rule
	fields []int
}

// reqPlan is the cached validation plan of a RuledRequest type.
type reqPlan struct {
	rules []vRule
}

// vplan returns the cached validation plan of struct type t.
func (c *Client) vplan(t reflect.Type) *vPlan {
	if p, ok := c.vplans.Load(t); ok {
		return p.(*vPlan)
	}
	p := &vPlan{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := topTag(sf.Tag)
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		if strings.IndexByte(tag, ',') < 0 && !hasStruct(sf.Type) && !isSliceOfStruct(sf.Type) {
			continue
		}
		p.fields = append(p.fields, vField{index: i, opts: parseTopTag(tag)})
	}
	actual, _ := c.vplans.LoadOrStore(t, p)
	return actual.(*vPlan)
}

// reqPlan returns the cached rules of request type t (a struct type; pt is
// the dynamic type of req, used to obtain the rules from a zero value).
func (c *Client) reqPlan(t, pt reflect.Type, req RuledRequest) *reqPlan {
	if p, ok := c.reqPlans.Load(pt); ok {
		return p.(*reqPlan)
	}
	var rules []Rule
	if pt.Kind() == reflect.Pointer && pt.Elem() == t {
		if z, ok := reflect.New(t).Interface().(RuledRequest); ok {
			rules = z.ValidationRules()
		}
	} else {
		rules = req.ValidationRules()
	}
	p := &reqPlan{}
	for _, r := range rules {
		if r.kind != ruleAtLeastOneOf || len(r.names) == 0 {
			continue
		}
		vr := vRule{rule: AtLeastOneOf(append([]string(nil), r.names...)...)}
		if len(vr.rule.parent) > 0 {
			p.rules = append(p.rules, vr) // nested: checked by walking, not by index
			continue
		}
		for i := 0; i < t.NumField(); i++ {
			tag, ok := topTag(t.Field(i).Tag)
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			for _, n := range r.names {
				if n == name {
					vr.fields = append(vr.fields, i)
					break
				}
			}
		}
		p.rules = append(p.rules, vr)
	}
	actual, _ := c.reqPlans.LoadOrStore(pt, p)
	return actual.(*reqPlan)
}

// validate is Validate(req, req.ValidationRules()...) through the client's
// cached plans.
func (c *Client) validate(req RuledRequest) error {
	pt := reflect.TypeOf(req)
	rv, ok := requestStruct(reflect.ValueOf(req))
	if !ok {
		return nil
	}
	rp := c.reqPlan(rv.Type(), pt, req)
	w := validator{c: c}
	w.walkStruct(rv)
	for i := range rp.rules {
		r := &rp.rules[i]
		if len(r.rule.parent) > 0 {
			w.checkRule(rv, r.rule)
			continue
		}
		set := false
		for _, f := range r.fields {
			if !isMissing(rv.Field(f)) {
				set = true
				break
			}
		}
		if !set {
			w.failRule(r.rule, "")
		}
	}
	if len(w.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: w.errs}
}

func anySet(rv reflect.Value, names []string) bool {
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		tag, ok := topTag(t.Field(i).Tag)
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		for _, n := range names {
			if n == name && !isMissing(rv.Field(i)) {
				return true
			}
		}
	}
	return false
}

func (w *validator) walkStruct(rv reflect.Value) {
	if w.n >= maxDepth {
		w.fail(RuleMaxDepth, "nested deeper than 16 levels: not validated")
		return
	}
	t := rv.Type()
	if w.c != nil {
		p := w.c.vplan(t)
		for i := range p.fields {
			f := &p.fields[i]
			w.push(f.opts.name, -1)
			w.checkField(rv.Field(f.index), &f.opts)
			w.pop()
		}
		return
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := topTag(sf.Tag)
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		if strings.IndexByte(tag, ',') < 0 && !hasStruct(sf.Type) && !isSliceOfStruct(sf.Type) {
			continue // no options and nothing to recurse into
		}
		o := parseTopTag(tag)
		w.push(o.name, -1)
		w.checkField(rv.Field(i), &o)
		w.pop()
	}
}

// isMissing reports whether a field counts as "not set".
func isMissing(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return IsBlank(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return true
		}
		if e := v.Elem(); e.Kind() == reflect.String {
			return IsBlank(e.String())
		}
		return false
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		switch v.Type() {
		case timeType:
			t, _ := reflect.TypeAssert[time.Time](v)
			return t.IsZero()
		case topTimeType:
			t, _ := reflect.TypeAssert[Time](v)
			return t.IsZero()
		}
	}
	return false
}

func (w *validator) checkField(v reflect.Value, o *tagOpts) {
	if isMissing(v) {
		if o.required {
			w.fail(RuleRequired, "is required")
		}
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		// utf16Len(s) <= len(s): short strings need no counting.
		if o.maxLen >= 0 && len(s) > o.maxLen {
			if n := utf16Len(s); n > o.maxLen {
				w.fail(RuleMaxLength, "length "+strconv.Itoa(n)+" exceeds maximum "+strconv.Itoa(o.maxLen))
			}
		}
		if o.maxItems >= 0 {
			if n := javaSplitCount(s); n > o.maxItems {
				w.fail(RuleMaxListSize, "has "+strconv.Itoa(n)+" comma-separated items, maximum "+strconv.Itoa(o.maxItems))
			}
		}
		w.checkRange(v, o)
	case reflect.Slice:
		n := v.Len()
		if o.maxItems >= 0 && n > o.maxItems {
			w.fail(RuleMaxListSize, "has "+strconv.Itoa(n)+" items, maximum "+strconv.Itoa(o.maxItems))
		}
		et := v.Type().Elem()
		switch et.Kind() {
		case reflect.Uint8: // raw bytes (JSON): check the text length
			if o.maxLen >= 0 && v.Len() > o.maxLen {
				if l := utf16Len(string(v.Bytes())); l > o.maxLen {
					w.fail(RuleMaxLength, "length "+strconv.Itoa(l)+" exceeds maximum "+strconv.Itoa(o.maxLen))
				}
			}
			return
		case reflect.String:
			if o.maxLen >= 0 {
				l := n - 1
				for i := 0; i < n; i++ {
					l += utf16Len(v.Index(i).String())
				}
				if l > o.maxLen {
					w.fail(RuleMaxLength, "joined length "+strconv.Itoa(l)+" exceeds maximum "+strconv.Itoa(o.maxLen))
				}
			}
		}
		if o.min == "" && o.max == "" && !hasStruct(et) {
			return
		}
		last := w.n - 1
		for i := 0; i < n; i++ {
			w.path[last].idx = i
			e := v.Index(i)
			for e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface {
				if e.IsNil() {
					break
				}
				e = e.Elem()
			}
			if e.Kind() == reflect.Struct && !isTimeType(e.Type()) {
				w.walkStruct(e)
			} else if e.Kind() != reflect.Pointer && e.Kind() != reflect.Interface {
				w.checkRange(e, o)
			}
		}
		w.path[last].idx = -1
	case reflect.Map:
		if o.maxItems >= 0 && v.Len() > o.maxItems {
			w.fail(RuleMaxListSize, "has "+strconv.Itoa(v.Len())+" entries, maximum "+strconv.Itoa(o.maxItems))
		}
	case reflect.Struct:
		if !isTimeType(v.Type()) && v.Type() != fileType {
			w.walkStruct(v)
		}
	default:
		w.checkRange(v, o)
	}
}

func isTimeType(t reflect.Type) bool { return t == timeType || t == topTimeType }

func isSliceOfStruct(t reflect.Type) bool {
	return (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && hasStruct(t.Elem())
}

func hasStruct(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && !isTimeType(t) && t != fileType
}

// checkRange applies min/max to a numeric (or decimal-text) value.
func (w *validator) checkRange(v reflect.Value, o *tagOpts) {
	if o.min != "" {
		if c, ok := compareValue(v, o.min); ok && c < 0 {
			w.fail(RuleMinValue, "value "+valueText(v)+" is less than minimum "+o.min)
		}
	}
	if o.max != "" {
		if c, ok := compareValue(v, o.max); ok && c > 0 {
			w.fail(RuleMaxValue, "value "+valueText(v)+" is greater than maximum "+o.max)
		}
	}
}

func valueText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.String:
		return v.String()
	}
	return v.Type().String()
}

// compareValue compares v with the decimal bound exactly; ok is false when
// v is not numeric or either side does not parse.
func compareValue(v reflect.Value, bound string) (int, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x := v.Int()
		if b, err := strconv.ParseInt(bound, 10, 64); err == nil {
			return cmpInt(x, b), true
		}
		var buf [24]byte
		if c, ok := cmpDecimalText(string(strconv.AppendInt(buf[:0], x, 10)), strings.TrimSpace(bound)); ok {
			return c, true
		}
		return cmpRat(new(big.Rat).SetInt64(x), bound)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x := v.Uint()
		if b, err := strconv.ParseInt(bound, 10, 64); err == nil {
			if b < 0 {
				return 1, true
			}
			return cmpUint(x, uint64(b)), true
		}
		return cmpRat(new(big.Rat).SetUint64(x), bound)
	case reflect.Float32, reflect.Float64:
		r := new(big.Rat)
		if r.SetFloat64(v.Float()) == nil {
			return 0, false
		}
		return cmpRat(r, bound)
	case reflect.String:
		s := strings.TrimSpace(v.String())
		if s == "" || !isNumberLiteral([]byte(s)) {
			return 0, false
		}
		if c, ok := cmpDecimalText(s, strings.TrimSpace(bound)); ok {
			return c, true
		}
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			return 0, false
		}
		return cmpRat(r, bound)
	}
	return 0, false
}

func cmpRat(x *big.Rat, bound string) (int, bool) {
	b, ok := new(big.Rat).SetString(strings.TrimSpace(bound))
	if !ok {
		return 0, false
	}
	return x.Cmp(b), true
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// utf16Len returns the length of s in UTF-16 code units, like Java's
// String.length().
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// javaSplitCount returns len(s.split(",")) as Java computes it (trailing
// empty strings removed).
func javaSplitCount(s string) int {
	s = strings.TrimRight(s, ",")
	if s == "" {
		return 0
	}
	return strings.Count(s, ",") + 1
}

// splitDecimal splits a plain decimal literal (no exponent) into its sign,
// integer digits without leading zeros and fraction digits without
// trailing zeros.
func splitDecimal(s string) (neg bool, ip, fp string, ok bool) {
	if s == "" {
		return false, "", "", false
	}
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	ip, fp, _ = strings.Cut(s, ".")
	if ip == "" && fp == "" {
		return false, "", "", false
	}
	for _, part := range [2]string{ip, fp} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false, "", "", false
			}
		}
	}
	ip = strings.TrimLeft(ip, "0")
	fp = strings.TrimRight(fp, "0")
	if ip == "" && fp == "" {
		neg = false // -0
	}
	return neg, ip, fp, true
}

// cmpDecimalText compares two plain decimal literals exactly without
// allocating; ok is false when either is not a plain decimal.
func cmpDecimalText(a, b string) (int, bool) {
	an, ai, af, ok1 := splitDecimal(a)
	bn, bi, bf, ok2 := splitDecimal(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	if an != bn {
		if an {
			return -1, true
		}
		return 1, true
	}
	c := 0
	switch {
	case len(ai) != len(bi):
		c = cmpInt(int64(len(ai)), int64(len(bi)))
	case ai != bi:
		c = strings.Compare(ai, bi)
	default:
		c = strings.Compare(af, bf) // trailing zeros stripped: lexical order is numeric order
	}
	if an {
		c = -c
	}
	return c, true
}

// topTag returns the value of the `top` key of a struct tag. It follows
// reflect.StructTag.Lookup but avoids unquoting values without escapes.
func topTag(tag reflect.StructTag) (string, bool) {
	s := string(tag)
	for s != "" {
		i := 0
		for i < len(s) && s[i] == ' ' {
			i++
		}
		s = s[i:]
		if s == "" {
			break
		}
		i = 0
		for i < len(s) && s[i] > ' ' && s[i] != ':' && s[i] != '"' && s[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(s) || s[i] != ':' || s[i+1] != '"' {
			break
		}
		name := s[:i]
		rest := s[i+2:] // after the opening quote
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		if strings.IndexByte(rest[:j], '\\') >= 0 {
			// Escapes: let reflect do the exact parsing.
			return tag.Lookup("top")
		}
		if name == "top" {
			return rest[:j], true
		}
		s = rest[j+1:]
	}
	return "", false
}
