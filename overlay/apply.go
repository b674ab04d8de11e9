package overlay

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/topgen/topgen/model"
)

// Apply applies the entries of a's method to a, in file order, and records
// each change in a.Overlaid. It reports whether the API is kept (an entry
// may skip it). A field edit whose path matches nothing is an error with
// the edit's file and line.
func (s *Set) Apply(a *model.API) (keep bool, err error) {
	if s == nil {
		return true, nil
	}
	var ps model.Problems
	keep = true
	for _, e := range s.entries {
		if e.method != a.Method {
			continue
		}
		e.used = true
		note := func(format string, args ...any) {
			msg := fmt.Sprintf(format, args...)
			if e.reason != "" {
				msg += " (" + e.reason + ")"
			}
			a.Overlaid = append(a.Overlaid, filepath.Base(e.file)+": "+msg)
		}
		if e.skip != nil && *e.skip {
			keep = false
			note("skip")
		}
		if e.session != nil {
			a.Session = *e.session
			note("session: %s", sessionWord(*e.session))
		}
		for _, ed := range e.edits {
			if err := ed.apply(a, note); err != nil {
				ps.Addf(e.file, ed.line, "%s: %v", a.Method, err)
			}
		}
	}
	if len(ps) > 0 {
		return keep, ps
	}
	return keep, nil
}

// Unused lists the entries that matched no API, with their file and line;
// call it after applying the set to every API.
func (s *Set) Unused() model.Problems {
	var ps model.Problems
	if s == nil {
		return nil
	}
	for _, e := range s.entries {
		if !e.used {
			ps.Addf(e.file, e.line, "overlay for %s matches no API (is the method spelt right, and is its doc included?)", e.method)
		}
	}
	return ps
}

// apply makes one field edit, calling note with what changed.
func (ed *edit) apply(a *model.API, note func(string, ...any)) error {
	where := string(ed.section) + " " + ed.path
	parentPath, name := "", ed.path
	if i := strings.LastIndex(ed.path, "."); i >= 0 {
		parentPath, name = ed.path[:i], ed.path[i+1:]
	}
	list := fieldList(a, ed.section)
	if parentPath != "" {
		parent := model.Lookup(*list, parentPath)
		if parent == nil {
			return fmt.Errorf("%s: no %s field %q", where, ed.section, parentPath)
		}
		list = &parent.Fields
	}
	idx := -1
	for i, f := range *list {
		if f.Name == strings.TrimSuffix(name, "[]") {
			idx = i
		}
	}
	if ed.add {
		if idx >= 0 {
			return fmt.Errorf("%s: the field exists already; edit it instead of adding it", where)
		}
		f := &model.Field{Name: strings.TrimSuffix(name, "[]"), Fields: ed.fields}
		*list = append(*list, f)
		note("%s: added", where)
		return ed.set(f, where, a.Method, note)
	}
	if idx < 0 {
		return fmt.Errorf("%s: no such field (want a path like \"request fund_bill_list[].amount\")", where)
	}
	f := (*list)[idx]
	if ed.remove {
		*list = append((*list)[:idx:idx], (*list)[idx+1:]...)
		note("%s: removed", where)
		return nil
	}
	return ed.set(f, where, a.Method, note)
}

// set changes the properties an edit names.
func (ed *edit) set(f *model.Field, where, method string, note func(string, ...any)) error {
	if ed.rename != "" {
		note("%s: renamed to %s", where, ed.rename)
		f.Name = ed.rename
	}
	if ed.typ != "" {
		note("%s: type %s", where, ed.typ)
		f.Type = ed.typ
	}
	if ed.list != nil {
		note("%s: list %t", where, *ed.list)
		f.List = *ed.list
	}
	if ed.required != nil {
		if *ed.required && ed.section == model.Response {
			return fmt.Errorf("%s: required applies to request fields only", where)
		}
		note("%s: required %t", where, *ed.required)
		f.Required = *ed.required
	}
	if ed.maxLength != nil {
		f.MaxLength = *ed.maxLength
		note("%s: max_length %s", where, intText(f.MaxLength))
	}
	if ed.maxList != nil {
		f.MaxListSize = *ed.maxList
		note("%s: max_list_size %s", where, intText(f.MaxListSize))
	}
	if ed.minValue != nil {
		f.MinValue = *ed.minValue
		note("%s: min_value %s", where, numText(f.MinValue))
	}
	if ed.maxValue != nil {
		f.MaxValue = *ed.maxValue
		note("%s: max_value %s", where, numText(f.MaxValue))
	}
	if ed.description != nil {
		f.Description = *ed.description
		note("%s: description set", where)
	}
	if ed.example != nil {
		f.Example = *ed.example
		note("%s: example %s", where, *ed.example)
	}
	if ed.goName != "" {
		f.GoName = ed.goName
		note("%s: Go name %s", where, ed.goName)
	}
	if ed.goType != "" {
		f.GoType = ed.goType
		note("%s: Go type name %s", where, ed.goType)
	}
	if len(ed.fields) > 0 && !ed.add {
		f.Fields = ed.fields
		note("%s: sub-fields set", where)
	}
	return nil
}

func fieldList(a *model.API, s model.Section) *[]*model.Field {
	if s == model.Request {
		return &a.Request
	}
	return &a.Response
}

func intText(p *int64) string {
	if p == nil {
		return "dropped"
	}
	return fmt.Sprint(*p)
}

func numText(p *model.Number) string {
	if p == nil {
		return "dropped"
	}
	return string(*p)
}

// sessionWord names a session need as the overlay file spells it.
func sessionWord(s model.SessionNeed) string {
	if s == model.SessionNone {
		return "none"
	}
	return string(s)
}
