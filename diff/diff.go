package diff

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"unicode"

	"github.com/topgen/topgen/model"
)

// finding is one difference between two versions of an API that matters
// to someone: a rule, where it applies, how serious it is and whom it breaks.
type finding struct {
	Rule     rule     `json:"rule"`
	Severity severity `json:"severity"`
	Breaks   breaks   `json:"breaks"`
	// API is the TOP method name.
	API string `json:"api"`
	// Section is request or response; empty for API-level findings.
	Section model.Section `json:"section,omitempty"`
	// Path is the field path within the section, e.g. "fund_bill_list[].amount".
	Path string `json:"path,omitempty"`
	// Message is a one-line human description, old → new.
	Message string `json:"message"`
	// Old and New are the changed values, when the change has values.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// File and Line locate the finding in NEW (in OLD when gone from NEW).
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Ignored is set when an --ignore entry matched; IgnoreReason is its reason.
	Ignored      bool   `json:"ignored,omitempty"`
	IgnoreReason string `json:"ignore_reason,omitempty"`
}

// Where is the section-qualified path, e.g. "request fund_bill_list[].amount",
// or "" for an API-level finding.
func (f finding) Where() string {
	if f.Section == "" {
		return f.Path
	}
	if f.Path == "" {
		return string(f.Section)
	}
	return string(f.Section) + " " + f.Path
}

// options tune a comparison.
type options struct {
	// Go computes the generated Go identifiers; nil uses planIdents.
	Go goIdents
}

// apiPair is one API in OLD and NEW; either side is nil when absent.
type apiPair struct {
	Old, New *model.API
}

// compare reports the differences between two versions of one API.
// Either may be nil (the API was added or removed).
func compare(old, new *model.API, opt options) ([]finding, error) {
	c := &comparer{opt: opt}
	if err := c.api(old, new); err != nil {
		return nil, err
	}
	sortFindings(c.out)
	return c.out, nil
}

// compareSets pairs two sets of APIs by method name and compares each pair.
// A method appearing twice in one set is an error.
func compareSets(old, new []*model.API, opt options) ([]finding, error) {
	pairs, err := pairAPIs(old, new)
	if err != nil {
		return nil, err
	}
	var out []finding
	for _, p := range pairs {
		fs, err := compare(p.Old, p.New, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	sortFindings(out)
	return out, nil
}

// pairAPIs pairs APIs by method name, sorted by method.
func pairAPIs(old, new []*model.API) ([]apiPair, error) {
	byName := map[string]*apiPair{}
	add := func(apis []*model.API, side string, set func(*apiPair, *model.API)) error {
		seen := map[string]bool{}
		for _, a := range apis {
			if seen[a.Method] {
				return fmt.Errorf("%s: method %s appears twice", side, a.Method)
			}
			seen[a.Method] = true
			p := byName[a.Method]
			if p == nil {
				p = &apiPair{}
				byName[a.Method] = p
			}
			set(p, a)
		}
		return nil
	}
	if err := add(old, "OLD", func(p *apiPair, a *model.API) { p.Old = a }); err != nil {
		return nil, err
	}
	if err := add(new, "NEW", func(p *apiPair, a *model.API) { p.New = a }); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]apiPair, len(names))
	for i, n := range names {
		out[i] = *byName[n]
	}
	return out, nil
}

// sortFindings orders findings by API, severity (breaking first), path, rule and message.
func sortFindings(fs []finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.API != b.API {
			return a.API < b.API
		}
		if a.Severity != b.Severity {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if wa, wb := a.Where(), b.Where(); wa != wb {
			return wa < wb
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

type comparer struct {
	opt    options
	method string
	out    []finding
}

// add records a finding with the rule's default severity and breaks.
func (c *comparer) add(r rule, sec model.Section, path, old, new, format string, args ...any) *finding {
	info, _ := r.Info()
	c.out = append(c.out, finding{Rule: r, Severity: info.Severity, Breaks: info.Breaks, API: c.method,
		Section: sec, Path: path, Old: old, New: new, Message: fmt.Sprintf(format, args...)})
	return &c.out[len(c.out)-1]
}

func (c *comparer) api(old, new *model.API) error {
	switch {
	case old == nil && new == nil:
		return nil
	case new == nil:
		c.method = old.Method
		c.add(apiRemoved, "", "", old.Method, "", "API removed")
		return nil
	case old == nil:
		c.method = new.Method
		c.add(apiAdded, "", "", "", new.Method, "API added")
		return nil
	}
	c.method = new.Method
	if !old.NeedsSession() && new.NeedsSession() {
		c.add(sessionRequired, "", "", "false", "true", "session key now required (no session → session)")
	}
	if old.NeedsSession() && !new.NeedsSession() {
		c.add(sessionDropped, "", "", "true", "false", "session key no longer required (session → no session)")
	}
	if o, n := norm(old.Description), norm(new.Description); !sameText(o, n) {
		bo, bn := briefPair(o, n)
		c.add(descriptionChanged, "", "", o, n, "API description changed: %s → %s", bo, bn)
	}
	start := len(c.out)
	c.fields(model.Request, "", old.Request, new.Request)
	c.fields(model.Response, "", old.Response, new.Response)
	c.constraints(old, new)
	return c.goAPI(old, new, start)
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// sameText reports whether two texts differ in white space (or invisible
// format characters such as zero-width spaces) only: Chinese prose puts
// no spaces between words, so "1上午, 2下午" and "1上午,2下午" say the same.
func sameText(a, b string) bool {
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, s)
	}
	return a == b || squeeze(a) == squeeze(b)
}

// briefPair quotes two texts shortened around their first difference:
// when either is long, a long common start is elided, and each is cut
// to 40 characters.
func briefPair(o, n string) (string, string) {
	ro, rn := []rune(o), []rune(n)
	p := 0
	for p < len(ro) && p < len(rn) && ro[p] == rn[p] {
		p++
	}
	lead := ""
	if p > 12 && max(len(ro), len(rn)) > 40 {
		ro, rn, lead = ro[p-8:], rn[p-8:], "…"
	}
	cut := func(r []rune) string {
		s := lead + string(r)
		if len(r) > 40 {
			s = lead + string(r[:39]) + "…"
		}
		return fmt.Sprintf("%q", s)
	}
	return cut(ro), cut(rn)
}

func byName(fs []*model.Field) map[string]*model.Field {
	m := make(map[string]*model.Field, len(fs))
	for _, f := range fs {
		if _, dup := m[f.Name]; !dup {
			m[f.Name] = f
		}
	}
	return m
}

// desc renders a field briefly: "Number, required".
func desc(f *model.Field, sec model.Section) string {
	s := model.TypeString(f)
	if sec == model.Request {
		if f.Required {
			s += ", required"
		} else {
			s += ", optional"
		}
	}
	return s
}

func (c *comparer) fields(sec model.Section, prefix string, old, new []*model.Field) {
	oldBy, newBy := byName(old), byName(new)
	for _, o := range old {
		if oldBy[o.Name] != o {
			continue // duplicate name: compare the first only
		}
		path := prefix + o.Name
		n := newBy[o.Name]
		if n == nil {
			if sec == model.Request {
				c.add(requestFieldRemoved, sec, path, desc(o, sec), "", "request field removed (was %s)", desc(o, sec))
			} else {
				c.add(responseFieldRemoved, sec, path, desc(o, sec), "", "response field removed (was %s)", desc(o, sec))
			}
			continue
		}
		c.field(sec, path, prefix == "", o, n)
	}
	for _, n := range new {
		if oldBy[n.Name] != nil || newBy[n.Name] != n {
			continue
		}
		path := prefix + n.Name
		switch {
		case sec == model.Response:
			c.add(responseFieldAdded, sec, path, "", desc(n, sec), "response field added (%s)", desc(n, sec))
		case n.Required:
			c.add(requestFieldAddedRequired, sec, path, "", desc(n, sec), "required request field added (%s)", desc(n, sec))
		default:
			c.add(requestFieldAdded, sec, path, "", desc(n, sec), "optional request field added (%s)", desc(n, sec))
		}
	}
}

// typeChanged reports a change of wire type: scalar ↔ object, a different
// scalar kind, or list ↔ single. Object renames and same-kind spellings
// (Long → Number) are left to the Go rules.
func typeChanged(o, n *model.Field) bool {
	ko, kn := model.KindOf(o), model.KindOf(n)
	if o.List != n.List {
		return true
	}
	if (ko == model.KindObject) != (kn == model.KindObject) {
		return true
	}
	return ko != model.KindObject && ko != kn
}

// wireSame reports a type change that the official SDK puts on the wire
// unchanged, so only the generated Go type can change: a top-level request
// list of Number ↔ String (the Java SDK sends every list parameter as one
// comma-joined string), and a response Json or Price ↔ String (the Java SDK
// reads all three as a JSON string).
func wireSame(sec model.Section, top bool, o, n *model.Field) bool {
	if o.List != n.List {
		return false
	}
	ko, kn := model.KindOf(o), model.KindOf(n)
	if sec == model.Request {
		numOrString := func(k model.Kind) bool { return k == model.KindNumber || k == model.KindString }
		return top && o.List && numOrString(ko) && numOrString(kn)
	}
	stringy := func(f *model.Field, k model.Kind) bool {
		return k == model.KindString || k == model.KindJSON || k == model.KindDecimal && strings.EqualFold(f.Type, "price")
	}
	return (ko == model.KindString || kn == model.KindString) && stringy(o, ko) && stringy(n, kn)
}

func (c *comparer) field(sec model.Section, path string, top bool, o, n *model.Field) {
	objO, objN := model.KindOf(o) == model.KindObject, model.KindOf(n) == model.KindObject
	sub := path
	if n.List {
		sub += "[]"
	}
	if typeChanged(o, n) && !wireSame(sec, top, o, n) {
		r := requestTypeChanged
		if sec == model.Response {
			r = responseTypeChanged
		}
		ot, nt := model.TypeString(o), model.TypeString(n)
		f := c.add(r, sec, path, ot, nt, "type %s → %s", ot, nt)
		f.Breaks = breaksWire // goAPI makes it both when the Go type changes
		c.common(sec, path, o, n)
		switch {
		case objO && objN: // list ↔ single of an object: its fields still matter
			c.fields(sec, sub+".", o.Fields, n.Fields)
		case objN: // a scalar became an object: its fields are new
			c.fields(sec, sub+".", nil, n.Fields)
		}
		return
	}
	c.common(sec, path, o, n)
	if objO && objN {
		if !strings.EqualFold(o.Type, n.Type) {
			c.add(topTypeRenamed, sec, path, o.Type, n.Type, "TOP type %s → %s (same Go names)", o.Type, n.Type)
		}
		c.fields(sec, sub+".", o.Fields, n.Fields)
	}
}

// common compares the facts that do not depend on the type: required,
// limits, enums and description.
func (c *comparer) common(sec model.Section, path string, o, n *model.Field) {
	if sec == model.Request {
		if !o.Required && n.Required {
			c.add(requestFieldNowRequired, sec, path, "optional", "required", "optional → required")
		}
		if o.Required && !n.Required {
			c.add(requestFieldNowOptional, sec, path, "required", "optional", "required → optional")
		}
		c.intLimit(sec, path, "max_length", o.MaxLength, n.MaxLength, maxLengthAdded, maxLengthDecreased)
		c.intLimit(sec, path, "max_list_size", o.MaxListSize, n.MaxListSize, maxListSizeAdded, maxListSizeDecreased)
		c.numLimit(sec, path, "min_value", o.MinValue, n.MinValue, minValueAdded, minValueRaised, 1)
		c.numLimit(sec, path, "max_value", o.MaxValue, n.MaxValue, maxValueAdded, maxValueLowered, -1)
	}
	c.enums(sec, path, o.Enum, n.Enum)
	if od, nd := norm(o.Description), norm(n.Description); !sameText(od, nd) {
		bo, bn := briefPair(od, nd)
		c.add(descriptionChanged, sec, path, od, nd, "description changed: %s → %s", bo, bn)
	}
}

func (c *comparer) intLimit(sec model.Section, path, name string, o, n *int64, added, tightened rule) {
	switch {
	case o == nil && n == nil:
	case o == nil:
		c.add(added, sec, path, "", fmt.Sprint(*n), "%s added: none → %d", name, *n)
	case n == nil:
		c.add(limitLoosened, sec, path, fmt.Sprint(*o), "", "%s removed: %d → none", name, *o)
	case *n < *o:
		c.add(tightened, sec, path, fmt.Sprint(*o), fmt.Sprint(*n), "%s %d → %d", name, *o, *n)
	case *n > *o:
		c.add(limitLoosened, sec, path, fmt.Sprint(*o), fmt.Sprint(*n), "%s %d → %d", name, *o, *n)
	}
}

// numLimit compares a numeric limit; tighter is +1 when a larger new
// value tightens (min_value) and -1 when a smaller one does (max_value).
func (c *comparer) numLimit(sec model.Section, path, name string, o, n *model.Number, added, tightened rule, tighter int) {
	switch {
	case o == nil && n == nil:
	case o == nil:
		c.add(added, sec, path, "", string(*n), "%s added: none → %s", name, *n)
	case n == nil:
		c.add(limitLoosened, sec, path, string(*o), "", "%s removed: %s → none", name, *o)
	default:
		ro, ok1 := new(big.Rat).SetString(string(*o))
		rn, ok2 := new(big.Rat).SetString(string(*n))
		if !ok1 || !ok2 {
			return
		}
		switch cmp := rn.Cmp(ro); {
		case cmp == 0:
		case cmp == tighter:
			c.add(tightened, sec, path, string(*o), string(*n), "%s %s → %s", name, *o, *n)
		default:
			c.add(limitLoosened, sec, path, string(*o), string(*n), "%s %s → %s", name, *o, *n)
		}
	}
}

func (c *comparer) enums(sec model.Section, path string, o, n []model.EnumValue) {
	has := func(vs []model.EnumValue, v string) bool {
		for _, e := range vs {
			if e.Value == v {
				return true
			}
		}
		return false
	}
	removed, added := requestEnumValueRemoved, requestEnumValueAdded
	if sec == model.Response {
		removed, added = responseEnumValueRemoved, responseEnumValueAdded
	}
	if len(o) == 0 {
		// The field gained a list of values, not a value: the values were
		// valid before and the description change already says so. Only a
		// value added to an existing list is news to code switching on them.
		added = ""
	}
	for _, e := range o {
		if !has(n, e.Value) {
			c.add(removed, sec, path, e.Value, "", "enum value %q removed", e.Value)
		}
	}
	for _, e := range n {
		if added != "" && !has(o, e.Value) {
			c.add(added, sec, path, "", e.Value, "enum value %q added", e.Value)
		}
	}
}

func (c *comparer) constraints(old, new *model.API) {
	key := func(k model.Constraint) string {
		fs := append([]string(nil), k.Fields...)
		sort.Strings(fs)
		return string(k.Kind) + "\x00" + k.Section + "\x00" + strings.Join(fs, ",")
	}
	in := func(cs []model.Constraint, k model.Constraint) bool {
		for _, x := range cs {
			if key(x) == key(k) {
				return true
			}
		}
		return false
	}
	sec := func(k model.Constraint) model.Section {
		if k.Section == "" {
			return model.Request
		}
		return model.Section(k.Section)
	}
	render := func(k model.Constraint) string {
		return fmt.Sprintf("%s(%s)", k.Kind, strings.Join(k.Fields, ", "))
	}
	for _, k := range old.Constraints {
		if !in(new.Constraints, k) {
			c.add(constraintRemoved, sec(k), commonParent(k.Fields), render(k), "", "constraint removed: %s", render(k))
		}
	}
	for _, k := range new.Constraints {
		if !in(old.Constraints, k) {
			c.add(constraintAdded, sec(k), commonParent(k.Fields), "", render(k), "constraint added: %s", render(k))
		}
	}
}

// commonParent is the path of the object holding sibling fields, "" at top level.
func commonParent(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	i := strings.LastIndex(paths[0], ".")
	if i < 0 {
		return ""
	}
	return paths[0][:i]
}
