// Package model defines topgen's intermediate representation: one API per
// TOP doc page, serialised as YAML. It is the contract between the parsers
// (front end) and the generator and differ (back ends).
package model

// API is the model of one TOP API, as described by one doc page.
type API struct {
	// Method is the TOP method name, e.g. "alibaba.nlife.b2c.trade.pay".
	Method string `yaml:"method"`
	// Title is the page's Chinese name of the API.
	Title string `yaml:"title,omitempty"`
	// Description is the page's description of the API.
	Description string `yaml:"description,omitempty"`
	// Session says whether a call needs a user session key (see NeedsSession).
	Session SessionNeed `yaml:"session,omitempty"`
	// Source says where the model was parsed from.
	Source Source `yaml:"source"`
	// Request lists the business request parameters in document order.
	Request []*Field `yaml:"request,omitempty"`
	// Response lists the response fields in document order.
	Response []*Field `yaml:"response,omitempty"`
	// Constraints are cross-field rules stated in the descriptions.
	Constraints []Constraint `yaml:"constraints,omitempty"`
	// ErrorCodes are the API-specific error codes the page lists.
	ErrorCodes []ErrorCode `yaml:"error_codes,omitempty"`
	// ResponseExample is the page's XML response example, verbatim.
	ResponseExample string `yaml:"response_example,omitempty"`
	// ErrorExample is the page's XML error example, verbatim.
	ErrorExample string `yaml:"error_example,omitempty"`
	// ResponseExampleJSON is the full doc's JSON response example, verbatim.
	ResponseExampleJSON string `yaml:"response_example_json,omitempty"`
	// ResponseExampleSimplify is the full doc's simplify-JSON response example, verbatim.
	ResponseExampleSimplify string `yaml:"response_example_simplify,omitempty"`
	// ChangeDiff is the doc site's own log of the API's last change.
	ChangeDiff *ChangeDiff `yaml:"change_diff,omitempty"`
	// Overlaid records the overlay changes applied to the parsed page,
	// "file: change (reason)", so that a reviewer sees them.
	Overlaid []string `yaml:"overlaid,omitempty"`
}

// Source records the page a model was parsed from.
type Source struct {
	// File is the page's file name (base name only, so models are machine-independent).
	File string `yaml:"file"`
	// Format is the page's format: text, html or json.
	Format Format `yaml:"format"`
	// SHA256 is the hex SHA-256 of the page's bytes.
	SHA256 string `yaml:"sha256"`
}

// Format is the format of a doc page.
type Format string

// The page formats topgen reads.
const (
	FormatText Format = "text"
	FormatHTML Format = "html"
	FormatJSON Format = "json"
)

// Field is one request parameter or response field.
type Field struct {
	// Name is the wire name (usually snake_case).
	Name string `yaml:"name"`
	// Type is the TOP type without list marker or spaces: String, Number,
	// Boolean, Date, Price, BigDecimal, Json, Map, byte, or an object type name.
	Type string `yaml:"type"`
	// List reports a list of Type (the page wrote "Type[]" or "Type []").
	List bool `yaml:"list,omitempty"`
	// Required reports a required request parameter (always false in responses).
	Required bool `yaml:"required,omitempty"`
	// Example is the page's example value.
	Example string `yaml:"example,omitempty"`
	// Default is the page's default value.
	Default string `yaml:"default,omitempty"`
	// MaxLength is the maximum string length (in UTF-16 units).
	MaxLength *int64 `yaml:"max_length,omitempty"`
	// MaxListSize is the maximum number of list items.
	MaxListSize *int64 `yaml:"max_list_size,omitempty"`
	// MinValue is the minimum numeric value.
	MinValue *Number `yaml:"min_value,omitempty"`
	// MaxValue is the maximum numeric value.
	MaxValue *Number `yaml:"max_value,omitempty"`
	// Description is the page's description, cleaned of markup.
	Description string `yaml:"description,omitempty"`
	// Enum lists the values the description enumerates.
	Enum []EnumValue `yaml:"enum,omitempty"`
	// Fields are the sub-fields of an object type, in document order.
	Fields []*Field `yaml:"fields,omitempty"`
	// GoName and GoType override the generated Go field name and the Go
	// name of the field's object type (after "<Api>_"); set by overlays.
	GoName string `yaml:"go_name,omitempty"`
	GoType string `yaml:"go_type,omitempty"`
}

// EnumValue is one enumerated value found in a description.
type EnumValue struct {
	// Value is the wire value, e.g. "CASH" or "1".
	Value string `yaml:"value"`
	// Label is the page's explanation of the value.
	Label string `yaml:"label,omitempty"`
}

// ConstraintKind names a cross-field rule.
type ConstraintKind string

// The cross-field rules topgen understands.
const (
	// AtLeastOneOf: at least one of Fields must be set.
	AtLeastOneOf ConstraintKind = "at_least_one_of"
)

// Constraint is a cross-field rule stated in prose.
type Constraint struct {
	// Kind is the rule.
	Kind ConstraintKind `yaml:"kind"`
	// Section is "request" (the only section rules apply to today).
	Section string `yaml:"section"`
	// Fields are the dotted paths of the fields the rule relates, siblings of one object.
	Fields []string `yaml:"fields,flow"`
	// Text is the sentence the rule was read from.
	Text string `yaml:"text,omitempty"`
}

// ErrorCode is one row of the page's error code table.
type ErrorCode struct {
	// Code is the error code.
	Code string `yaml:"code"`
	// Message is the error description.
	Message string `yaml:"message,omitempty"`
	// Solution is the page's suggested fix.
	Solution string `yaml:"solution,omitempty"`
}

// Section names a side of an API: request or response.
type Section string

// The two sections of an API.
const (
	Request  Section = "request"
	Response Section = "response"
)

// Fields returns the top-level fields of a section.
func (a *API) Fields(s Section) []*Field {
	if s == Request {
		return a.Request
	}
	return a.Response
}
