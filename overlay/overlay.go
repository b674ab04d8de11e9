// Package overlay applies an SDK maintainer's fixes to parsed models.
//
// Docs are often wrong; an overlay file says how, and the fixes are
// applied after parsing on every regeneration, so they survive. The
// model records every change in its "overlaid" list, so a reviewer sees
// it. An overlay file is a YAML list of entries, one per API:
//
//   - method: alibaba.nlife.b2c.trade.pay
//     reason: the doc says 该字段实际为必选
//     session: required          # set the session need: required, optional or none
//     skip: false                # true drops the API from the SDK
//     fields:
//   - path: request actual_pay_fee    # section, then the dotted path ([] for list items)
//     required: true
//   - path: request fund_bill_list[].amount
//     type: Number                     # fix a type (list: true|false too)
//     max_value: 100000000             # set a limit; null drops it
//   - path: response trade_no
//     rename: order_no                 # rename a field
//   - path: request channel
//     remove: true                     # remove a field
//   - path: request memo
//     add: true                        # add a field (type is required)
//     type: String
//     max_length: 200
//     description: 备注
//
// An entry or a field edit that matches nothing is an error with its file
// and line.
package overlay

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/topgen/topgen/model"
)

// Set is the entries of the overlay files, ready to apply.
type Set struct {
	entries []*entry
}

type entry struct {
	file, method, reason string
	line                 int
	skip                 *bool
	session              *model.SessionNeed
	edits                []*edit
	used                 bool
}

// edit is one field change; nil pointers leave a property alone.
type edit struct {
	line                 int
	section              model.Section
	path                 string
	add, remove          bool
	rename               string
	typ                  string
	list, required       *bool
	maxLength, maxList   **int64
	minValue, maxValue   **model.Number
	description, example *string
	goName, goType       string
	fields               []*model.Field
	seen                 map[string]bool
}

// Load reads overlay files and folders of them (*.yaml, *.yml, not
// recursive below hidden folders). Every problem is returned, as
// model.Problems.
func Load(paths []string) (*Set, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(q)); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	s := &Set{}
	var ps model.Problems
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		es, errs := Parse(f, data)
		ps = append(ps, errs...)
		s.entries = append(s.entries, es.entries...)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return s, nil
}

// Parse reads one overlay file strictly; it returns the entries and every problem.
func Parse(file string, data []byte) (*Set, model.Problems) {
	var ps model.Problems
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line := 0
		fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line)
		ps.Addf(file, line, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return &Set{}, ps
	}
	s := &Set{}
	if len(root.Content) == 0 {
		return s, nil
	}
	seq := root.Content[0]
	if seq.Kind != yaml.SequenceNode {
		ps.Addf(file, seq.Line, "want a list of overlay entries (- method: …)")
		return s, ps
	}
	for _, n := range seq.Content {
		if e := parseEntry(file, n, &ps); e != nil {
			s.entries = append(s.entries, e)
		}
	}
	return s, ps
}

func parseEntry(file string, n *yaml.Node, ps *model.Problems) *entry {
	if n.Kind != yaml.MappingNode {
		ps.Addf(file, n.Line, "overlay entry: want a mapping with method and the changes")
		return nil
	}
	e := &entry{file: file, line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "method":
			e.method = str(file, v, ps)
			if err := model.CheckMethod(e.method); err != nil {
				ps.Addf(file, v.Line, "%v", err)
			}
		case "reason":
			e.reason = str(file, v, ps)
		case "skip":
			e.skip = boolean(file, v, ps)
		case "session":
			e.session = sessionNeed(file, v, ps)
		case "fields":
			if v.Kind != yaml.SequenceNode {
				ps.Addf(file, v.Line, "fields: want a list of field edits (- path: request NAME …)")
				continue
			}
			for _, fn := range v.Content {
				if ed := parseEdit(file, fn, ps); ed != nil {
					e.edits = append(e.edits, ed)
				}
			}
		default:
			ps.Addf(file, k.Line, "unknown key %q; want method, reason, skip, session or fields", k.Value)
		}
	}
	if e.method == "" {
		ps.Addf(file, n.Line, "overlay entry: missing method")
	}
	return e
}

func parseEdit(file string, n *yaml.Node, ps *model.Problems) *edit {
	if n.Kind != yaml.MappingNode {
		ps.Addf(file, n.Line, "field edit: want a mapping with path and the changes")
		return nil
	}
	ed := &edit{line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "path":
			sec, p, ok := strings.Cut(str(file, v, ps), " ")
			ed.section, ed.path = model.Section(sec), strings.TrimSpace(p)
			if !ok || (ed.section != model.Request && ed.section != model.Response) || ed.path == "" {
				ps.Addf(file, v.Line, "path %q: want \"request NAME\" or \"response NAME\" (dotted, [] for list items)", v.Value)
			}
		case "add":
			ed.add = deref(boolean(file, v, ps))
		case "remove":
			ed.remove = deref(boolean(file, v, ps))
		case "rename":
			ed.rename = str(file, v, ps)
			if !model.IsWireName(ed.rename) {
				ps.Addf(file, v.Line, "rename %q: want a wire name", ed.rename)
			}
		case "type":
			ed.typ = str(file, v, ps)
			if t, _, err := model.ParseType(ed.typ); err != nil || t != ed.typ {
				ps.Addf(file, v.Line, "type %q: want a bare TOP type name (lists use list: true)", ed.typ)
			} else if err := model.CheckType(&model.Field{Type: ed.typ}, nil); err != nil {
				ps.Addf(file, v.Line, "%v", err)
			}
		case "list":
			ed.list = boolean(file, v, ps)
		case "required":
			ed.required = boolean(file, v, ps)
		case "max_length":
			ed.maxLength = limit(file, v, ps)
		case "max_list_size":
			ed.maxList = limit(file, v, ps)
		case "min_value":
			ed.minValue = number(file, v, ps)
		case "max_value":
			ed.maxValue = number(file, v, ps)
		case "description":
			s := str(file, v, ps)
			ed.description = &s
		case "example":
			s := str(file, v, ps)
			ed.example = &s
		case "go_name", "go_type":
			name := str(file, v, ps)
			if !token.IsIdentifier(name) || !token.IsExported(name) {
				ps.Addf(file, v.Line, "%s %q: want an exported Go identifier", k.Value, name)
			}
			if k.Value == "go_name" {
				ed.goName = name
			} else {
				ed.goType = name
			}
		case "fields":
			if err := v.Decode(&ed.fields); err != nil {
				ps.Addf(file, v.Line, "fields: want model fields (name, type, …): %v", err)
			}
		default:
			ps.Addf(file, k.Line, "unknown key %q; want path, add, remove, rename, type, list, required, max_length, max_list_size, min_value, max_value, description, example, go_name, go_type or fields", k.Value)
		}
	}
	if ed.path == "" {
		ps.Addf(file, n.Line, "field edit: missing path")
	}
	if ed.add && ed.typ == "" {
		ps.Addf(file, n.Line, "field edit adding %q: want its type", ed.path)
	}
	if ed.add && ed.remove {
		ps.Addf(file, n.Line, "field edit %q: add and remove together", ed.path)
	}
	return ed
}

func str(file string, v *yaml.Node, ps *model.Problems) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		ps.Addf(file, v.Line, "want a string")
		return ""
	}
	return v.Value
}

func boolean(file string, v *yaml.Node, ps *model.Problems) *bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
		ps.Addf(file, v.Line, "want true or false")
		return nil
	}
	return &b
}

// sessionNeed reads required, optional or none (true and false as required and none).
func sessionNeed(file string, v *yaml.Node, ps *model.Problems) *model.SessionNeed {
	var s model.SessionNeed
	if v.Kind != yaml.ScalarNode || s.UnmarshalYAML(v) != nil {
		ps.Addf(file, v.Line, "session: want required, optional or none")
		return nil
	}
	return &s
}

func deref(b *bool) bool { return b != nil && *b }

// limit reads an integer limit; null drops the limit.
func limit(file string, v *yaml.Node, ps *model.Problems) **int64 {
	var p *int64
	if v.Tag != "!!null" {
		n, err := strconv.ParseInt(v.Value, 10, 64)
		if v.Kind != yaml.ScalarNode || err != nil || n < 0 {
			ps.Addf(file, v.Line, "want a whole number, or null to drop the limit")
			return nil
		}
		p = &n
	}
	return &p
}

// number reads a decimal limit; null drops it.
func number(file string, v *yaml.Node, ps *model.Problems) **model.Number {
	var p *model.Number
	if v.Tag != "!!null" {
		n, err := model.ParseNumber(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			ps.Addf(file, v.Line, "want a number, or null to drop the limit")
			return nil
		}
		p = &n
	}
	return &p
}
