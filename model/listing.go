package model

import (
	"fmt"
	"io"
	"strings"
)

// FieldLine is one line of the `topgen fields` listing.
type FieldLine struct {
	Method      string  // the API's method name
	Section     Section // request or response
	Path        string  // names joined by ".", "[]" after a list field that is descended into
	Type        string  // TypeString of the field
	Req         string  // "required"/"optional" for request fields, "-" for response fields
	Constraints string  // "max_length=N max_list_size=N min_value=N max_value=N", those present
}

// String renders the line tab-separated, as `topgen fields` prints it.
func (l FieldLine) String() string {
	return strings.Join([]string{l.Method, string(l.Section), l.Path, l.Type, l.Req, l.Constraints}, "\t")
}

// Lines lists every field of the API depth first in document order,
// request before response.
func Lines(a *API) []FieldLine {
	var out []FieldLine
	var walk func(fs []*Field, prefix string, sec Section)
	walk = func(fs []*Field, prefix string, sec Section) {
		for _, f := range fs {
			req := "-"
			if sec == Request {
				req = "optional"
				if f.Required {
					req = "required"
				}
			}
			path := prefix + f.Name
			out = append(out, FieldLine{Method: a.Method, Section: sec, Path: path,
				Type: TypeString(f), Req: req, Constraints: Limits(f)})
			if f.List {
				path += "[]"
			}
			walk(f.Fields, path+".", sec)
		}
	}
	walk(a.Request, "", Request)
	walk(a.Response, "", Response)
	return out
}

// Limits renders a field's limits in the listing's fixed order.
func Limits(f *Field) string {
	var parts []string
	if f.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("max_length=%d", *f.MaxLength))
	}
	if f.MaxListSize != nil {
		parts = append(parts, fmt.Sprintf("max_list_size=%d", *f.MaxListSize))
	}
	if f.MinValue != nil {
		parts = append(parts, "min_value="+string(*f.MinValue))
	}
	if f.MaxValue != nil {
		parts = append(parts, "max_value="+string(*f.MaxValue))
	}
	return strings.Join(parts, " ")
}

// WriteLines writes the listing of each API, one line per field.
func WriteLines(w io.Writer, apis ...*API) error {
	for _, a := range apis {
		for _, l := range Lines(a) {
			if _, err := fmt.Fprintln(w, l.String()); err != nil {
				return err
			}
		}
	}
	return nil
}
