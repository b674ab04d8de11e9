package diff

import (
	"strings"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
)

// ident is one exported Go identifier the generator makes for an API.
type ident struct {
	// Path locates the identifier in the model: "method" for the API's
	// method, "request"/"response" for their structs, otherwise the section
	// and field path, e.g. "request.fund_bill_list[].amount", with
	// "=VALUE" appended for an enum constant.
	Path string
	// Kind is method, type, field or const.
	Kind string
	// Name is the qualified Go name, e.g. "AlibabaNlifeB2cTradePayRequest_FundBillList.Amount".
	Name string
	// GoType is the Go type of a field or const, e.g. "*int64".
	GoType string
}

// goIdents lists the exported Go identifiers generated for an API, so that
// the Go findings say what the generated code really does.
type goIdents interface {
	Idents(api *model.API) ([]ident, error)
}

// goIdentsFunc adapts a function to goIdents.
type goIdentsFunc func(api *model.API) ([]ident, error)

// Idents calls f.
func (f goIdentsFunc) Idents(api *model.API) ([]ident, error) { return f(api) }

// splitIdentPath splits "request.a[].b" into the section and field path;
// "method" is the API itself.
func splitIdentPath(p string) (model.Section, string) {
	sec, rest, _ := strings.Cut(p, ".")
	switch model.Section(sec) {
	case model.Request, model.Response:
		return model.Section(sec), rest
	}
	return "", ""
}

// planIdents is the generator's plan (gen.Plan): the identifiers the
// generated code really declares.
func planIdents(api *model.API) ([]ident, error) {
	plan, err := gen.Plan(api)
	if err != nil {
		return nil, err
	}
	ids := plan.Idents()
	out := make([]ident, len(ids))
	for i, id := range ids {
		out[i] = ident{Path: id.Path, Kind: id.Kind, Name: id.Name, GoType: id.GoType}
	}
	return out, nil
}
