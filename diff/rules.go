package diff

// Severity says how serious a finding is for SDK users.
type Severity string

// The severities, most serious first.
const (
	Breaking Severity = "breaking"
	Warning  Severity = "warning"
	Info     Severity = "info"
)

// Rank orders severities: breaking 3, warning 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Breaking:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// ParseSeverity checks a severity name.
func ParseSeverity(s string) (Severity, bool) {
	sev := Severity(s)
	return sev, sev.Rank() > 0
}

// Breaks says whom a change breaks.
type Breaks string

// The parties a change can break.
const (
	BreaksWire Breaks = "wire" // callers of the HTTP API
	BreaksGo   Breaks = "go"   // Go code written against the generated SDK
	BreaksBoth Breaks = "both" // both of them
	BreaksNone Breaks = "none" // nobody
)

// Rule is the stable kebab-case id of a kind of finding.
type Rule string

// The rules; doc.go describes each one.
const (
	APIRemoved      Rule = "api-removed"
	APIAdded        Rule = "api-added"
	SessionRequired Rule = "session-required"
	SessionDropped  Rule = "session-dropped"

	RequestFieldRemoved       Rule = "request-field-removed"
	RequestTypeChanged        Rule = "request-type-changed"
	RequestFieldNowRequired   Rule = "request-field-now-required"
	RequestFieldAddedRequired Rule = "request-field-added-required"
	RequestFieldAdded         Rule = "request-field-added"
	RequestFieldNowOptional   Rule = "request-field-now-optional"
	MaxLengthDecreased        Rule = "max-length-decreased"
	MaxLengthAdded            Rule = "max-length-added"
	MaxListSizeDecreased      Rule = "max-list-size-decreased"
	MaxListSizeAdded          Rule = "max-list-size-added"
	MinValueRaised            Rule = "min-value-raised"
	MinValueAdded             Rule = "min-value-added"
	MaxValueLowered           Rule = "max-value-lowered"
	MaxValueAdded             Rule = "max-value-added"
	LimitLoosened             Rule = "limit-loosened"
	RequestEnumValueRemoved   Rule = "request-enum-value-removed"
	RequestEnumValueAdded     Rule = "request-enum-value-added"
	ConstraintAdded           Rule = "constraint-added"
	ConstraintRemoved         Rule = "constraint-removed"

	ResponseFieldRemoved     Rule = "response-field-removed"
	ResponseTypeChanged      Rule = "response-type-changed"
	ResponseFieldAdded       Rule = "response-field-added"
	ResponseEnumValueAdded   Rule = "response-enum-value-added"
	ResponseEnumValueRemoved Rule = "response-enum-value-removed"

	GoIdentifierRenamed Rule = "go-identifier-renamed"
	GoIdentifierRemoved Rule = "go-identifier-removed"
	GoTypeChanged       Rule = "go-type-changed"

	TopTypeRenamed     Rule = "top-type-renamed"
	DescriptionChanged Rule = "description-changed"
	StaleIgnore        Rule = "stale-ignore"
)

// RuleInfo describes a rule: its usual severity, whom it breaks and what it means.
type RuleInfo struct {
	Rule     Rule     `json:"rule"`
	Severity Severity `json:"severity"`
	Breaks   Breaks   `json:"breaks"`
	Summary  string   `json:"summary"`
}

// Rules lists every rule in documentation order. A few findings override
// the rule's severity: request-enum-value-removed is breaking for both
// when the generated constant disappears, request-type-changed and
// response-type-changed break only the wire when the Go type stays the same.
func Rules() []RuleInfo {
	return []RuleInfo{
		{APIRemoved, Breaking, BreaksBoth, "an API present in OLD is gone from NEW"},
		{APIAdded, Info, BreaksNone, "an API is new in NEW"},
		{SessionRequired, Breaking, BreaksWire, "the API now needs a user session key"},
		{SessionDropped, Info, BreaksNone, "the API no longer needs a session key"},
		{RequestFieldRemoved, Breaking, BreaksBoth, "a request parameter was removed: Go callers setting it no longer compile, the server ignores or rejects it"},
		{RequestTypeChanged, Breaking, BreaksBoth, "a request parameter changed type (scalar kind, scalar/object, element type, list/single); breaks go only when the generated Go type changes"},
		{RequestFieldNowRequired, Breaking, BreaksWire, "an optional request parameter became required"},
		{RequestFieldAddedRequired, Breaking, BreaksWire, "a new required request parameter: callers that do not set it now fail"},
		{RequestFieldAdded, Info, BreaksNone, "a new optional request parameter"},
		{RequestFieldNowOptional, Info, BreaksNone, "a required request parameter became optional"},
		{MaxLengthDecreased, Warning, BreaksWire, "a request parameter's max_length was lowered"},
		{MaxLengthAdded, Warning, BreaksWire, "a request parameter got a max_length"},
		{MaxListSizeDecreased, Warning, BreaksWire, "a request list's max_list_size was lowered"},
		{MaxListSizeAdded, Warning, BreaksWire, "a request list got a max_list_size"},
		{MinValueRaised, Warning, BreaksWire, "a request parameter's min_value was raised"},
		{MinValueAdded, Warning, BreaksWire, "a request parameter got a min_value"},
		{MaxValueLowered, Warning, BreaksWire, "a request parameter's max_value was lowered"},
		{MaxValueAdded, Warning, BreaksWire, "a request parameter got a max_value"},
		{LimitLoosened, Info, BreaksNone, "a request limit was raised, lowered (min_value) or removed"},
		{RequestEnumValueRemoved, Warning, BreaksWire, "an enumerated request value was removed; breaking (both) when its generated Go constant disappears"},
		{RequestEnumValueAdded, Info, BreaksNone, "an enumerated request value was added"},
		{ConstraintAdded, Warning, BreaksWire, "a cross-field rule (at least one of) was added"},
		{ConstraintRemoved, Info, BreaksNone, "a cross-field rule was removed"},
		{ResponseFieldRemoved, Breaking, BreaksBoth, "a response field was removed"},
		{ResponseTypeChanged, Breaking, BreaksBoth, "a response field changed type (incl. list/single); breaks go only when the generated Go type changes"},
		{ResponseFieldAdded, Info, BreaksNone, "a new response field"},
		{ResponseEnumValueAdded, Warning, BreaksNone, "an enumerated response value was added: code switching on the values may miss it"},
		{ResponseEnumValueRemoved, Info, BreaksNone, "an enumerated response value was removed"},
		{GoIdentifierRenamed, Breaking, BreaksGo, "a generated exported Go identifier was renamed"},
		{GoIdentifierRemoved, Breaking, BreaksGo, "a generated exported Go identifier was removed (and no field removal explains it)"},
		{GoTypeChanged, Breaking, BreaksGo, "the Go type of a generated field changed while the wire did not"},
		{TopTypeRenamed, Info, BreaksNone, "a nested object's TOP type name changed (not just its case): the wire and the generated Go names are unaffected"},
		{DescriptionChanged, Info, BreaksNone, "the description of the API or a field changed"},
		{StaleIgnore, Warning, BreaksNone, "an --ignore entry matched no finding: remove it"},
	}
}

// Info returns the description of a rule; ok is false for an unknown id.
func (r Rule) Info() (info RuleInfo, ok bool) {
	for _, ri := range Rules() {
		if ri.Rule == r {
			return ri, true
		}
	}
	return RuleInfo{}, false
}
