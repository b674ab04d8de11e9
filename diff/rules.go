package diff

// severity says how serious a finding is for SDK users.
type severity string

// The severities, most serious first.
const (
	sevBreaking severity = "breaking"
	sevWarning  severity = "warning"
	sevInfo     severity = "info"
)

// Rank orders severities: breaking 3, warning 2, info 1, anything else 0.
func (s severity) Rank() int {
	switch s {
	case sevBreaking:
		return 3
	case sevWarning:
		return 2
	case sevInfo:
		return 1
	}
	return 0
}

// parseSeverity checks a severity name.
func parseSeverity(s string) (severity, bool) {
	sev := severity(s)
	return sev, sev.Rank() > 0
}

// breaks says whom a change breaks.
type breaks string

// The parties a change can break.
const (
	breaksWire breaks = "wire" // callers of the HTTP API
	breaksGo   breaks = "go"   // Go code written against the generated SDK
	breaksBoth breaks = "both" // both of them
	breaksNone breaks = "none" // nobody
)

// rule is the stable kebab-case id of a kind of finding.
type rule string

// The rules; doc.go describes each one.
const (
	apiRemoved      rule = "api-removed"
	apiAdded        rule = "api-added"
	sessionRequired rule = "session-required"
	sessionDropped  rule = "session-dropped"

	requestFieldRemoved       rule = "request-field-removed"
	requestTypeChanged        rule = "request-type-changed"
	requestFieldNowRequired   rule = "request-field-now-required"
	requestFieldAddedRequired rule = "request-field-added-required"
	requestFieldAdded         rule = "request-field-added"
	requestFieldNowOptional   rule = "request-field-now-optional"
	maxLengthDecreased        rule = "max-length-decreased"
	maxLengthAdded            rule = "max-length-added"
	maxListSizeDecreased      rule = "max-list-size-decreased"
	maxListSizeAdded          rule = "max-list-size-added"
	minValueRaised            rule = "min-value-raised"
	minValueAdded             rule = "min-value-added"
	maxValueLowered           rule = "max-value-lowered"
	maxValueAdded             rule = "max-value-added"
	limitLoosened             rule = "limit-loosened"
	requestEnumValueRemoved   rule = "request-enum-value-removed"
	requestEnumValueAdded     rule = "request-enum-value-added"
	constraintAdded           rule = "constraint-added"
	constraintRemoved         rule = "constraint-removed"

	responseFieldRemoved     rule = "response-field-removed"
	responseTypeChanged      rule = "response-type-changed"
	responseFieldAdded       rule = "response-field-added"
	responseEnumValueAdded   rule = "response-enum-value-added"
	responseEnumValueRemoved rule = "response-enum-value-removed"

	goIdentifierRenamed rule = "go-identifier-renamed"
	goIdentifierRemoved rule = "go-identifier-removed"
	goTypeChanged       rule = "go-type-changed"

	topTypeRenamed     rule = "top-type-renamed"
	descriptionChanged rule = "description-changed"
	staleIgnore        rule = "stale-ignore"
)

// ruleInfo describes a rule: its usual severity, whom it breaks and what it means.
type ruleInfo struct {
	Rule     rule     `json:"rule"`
	Severity severity `json:"severity"`
	Breaks   breaks   `json:"breaks"`
	Summary  string   `json:"summary"`
}

// allRules lists every rule in documentation order. A few findings override
// the rule's severity: request-enum-value-removed is breaking for both
// when the generated constant disappears, request-type-changed and
// response-type-changed break only the wire when the Go type stays the same.
func allRules() []ruleInfo {
	return []ruleInfo{
		{apiRemoved, sevBreaking, breaksBoth, "an API present in OLD is gone from NEW"},
		{apiAdded, sevInfo, breaksNone, "an API is new in NEW"},
		{sessionRequired, sevBreaking, breaksWire, "the API now needs a user session key"},
		{sessionDropped, sevInfo, breaksNone, "the API no longer needs a session key"},
		{requestFieldRemoved, sevBreaking, breaksBoth, "a request parameter was removed: Go callers setting it no longer compile, the server ignores or rejects it"},
		{requestTypeChanged, sevBreaking, breaksBoth, "a request parameter changed type (scalar kind, scalar/object, element type, list/single); breaks go only when the generated Go type changes"},
		{requestFieldNowRequired, sevBreaking, breaksWire, "an optional request parameter became required"},
		{requestFieldAddedRequired, sevBreaking, breaksWire, "a new required request parameter: callers that do not set it now fail"},
		{requestFieldAdded, sevInfo, breaksNone, "a new optional request parameter"},
		{requestFieldNowOptional, sevInfo, breaksNone, "a required request parameter became optional"},
		{maxLengthDecreased, sevWarning, breaksWire, "a request parameter's max_length was lowered"},
		{maxLengthAdded, sevWarning, breaksWire, "a request parameter got a max_length"},
		{maxListSizeDecreased, sevWarning, breaksWire, "a request list's max_list_size was lowered"},
		{maxListSizeAdded, sevWarning, breaksWire, "a request list got a max_list_size"},
		{minValueRaised, sevWarning, breaksWire, "a request parameter's min_value was raised"},
		{minValueAdded, sevWarning, breaksWire, "a request parameter got a min_value"},
		{maxValueLowered, sevWarning, breaksWire, "a request parameter's max_value was lowered"},
		{maxValueAdded, sevWarning, breaksWire, "a request parameter got a max_value"},
		{limitLoosened, sevInfo, breaksNone, "a request limit was raised, lowered (min_value) or removed"},
		{requestEnumValueRemoved, sevWarning, breaksWire, "an enumerated request value was removed; breaking (both) when its generated Go constant disappears"},
		{requestEnumValueAdded, sevInfo, breaksNone, "an enumerated request value was added"},
		{constraintAdded, sevWarning, breaksWire, "a cross-field rule (at least one of) was added"},
		{constraintRemoved, sevInfo, breaksNone, "a cross-field rule was removed"},
		{responseFieldRemoved, sevBreaking, breaksBoth, "a response field was removed"},
		{responseTypeChanged, sevBreaking, breaksBoth, "a response field changed type (incl. list/single); breaks go only when the generated Go type changes"},
		{responseFieldAdded, sevInfo, breaksNone, "a new response field"},
		{responseEnumValueAdded, sevWarning, breaksNone, "an enumerated response value was added: code switching on the values may miss it"},
		{responseEnumValueRemoved, sevInfo, breaksNone, "an enumerated response value was removed"},
		{goIdentifierRenamed, sevBreaking, breaksGo, "a generated exported Go identifier was renamed"},
		{goIdentifierRemoved, sevBreaking, breaksGo, "a generated exported Go identifier was removed (and no field removal explains it)"},
		{goTypeChanged, sevBreaking, breaksGo, "the Go type of a generated field changed while the wire did not"},
		{topTypeRenamed, sevInfo, breaksNone, "a nested object's TOP type name changed (not just its case): the wire and the generated Go names are unaffected"},
		{descriptionChanged, sevInfo, breaksNone, "the description of the API or a field changed"},
		{staleIgnore, sevWarning, breaksNone, "an --ignore entry matched no finding: remove it"},
	}
}

// Info returns the description of a rule; ok is false for an unknown id.
func (r rule) Info() (info ruleInfo, ok bool) {
	for _, ri := range allRules() {
		if ri.Rule == r {
			return ri, true
		}
	}
	return ruleInfo{}, false
}
