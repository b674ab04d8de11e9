package diff

import (
	"strings"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
)

// Ident is one exported Go identifier the generator makes for an API.
type Ident struct {
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

// GoAPI lists the exported Go identifiers generated for an API, so that
// the Go findings say what the generated code really does.
type GoAPI interface {
	Idents(api *model.API) ([]Ident, error)
}

// GoAPIFunc adapts a function to GoAPI.
type GoAPIFunc func(api *model.API) ([]Ident, error)

// Idents calls f.
func (f GoAPIFunc) Idents(api *model.API) ([]Ident, error) { return f(api) }

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

// GenGoAPI is the generator's plan (gen.Plan): the identifiers the
// generated code really declares.
func GenGoAPI(api *model.API) ([]Ident, error) {
	plan, err := gen.Plan(api)
	if err != nil {
		return nil, err
	}
	ids := plan.Idents()
	out := make([]Ident, len(ids))
	for i, id := range ids {
		out[i] = Ident{Path: id.Path, Kind: id.Kind, Name: id.Name, GoType: id.GoType}
	}
	return out, nil
}
