package diff

import (
	"fmt"
	"strings"

	"github.com/topgen/topgen/model"
)

// goAPI compares the generated Go identifiers of both versions and adds
// the Go findings that the field findings (from index start on) do not
// already explain. It also decides whether a type change breaks Go and
// whether a removed request enum value removes a Go constant.
func (c *comparer) goAPI(old, new *model.API, start int) error {
	g := c.opt.Go
	if g == nil {
		g = goIdentsFunc(planIdents)
	}
	oldIDs, err := g.Idents(old)
	if err != nil {
		return fmt.Errorf("%s (OLD): planning Go API: %w", old.Method, err)
	}
	newIDs, err := g.Idents(new)
	if err != nil {
		return fmt.Errorf("%s (NEW): planning Go API: %w", new.Method, err)
	}
	// Identifiers are paired by kind and path; several at one key (a wire
	// name repeated in one object) are paired in order.
	key := func(id ident) string { return id.Kind + "\x00" + id.Path }
	newAt := make(map[string][]ident, len(newIDs))
	for _, id := range newIDs {
		newAt[key(id)] = append(newAt[key(id)], id)
	}
	seen := map[string]int{}
	match := func(o ident) (ident, bool) {
		k := key(o)
		i := seen[k]
		seen[k]++
		if ns := newAt[k]; i < len(ns) {
			return ns[i], true
		}
		return ident{}, false
	}
	pairs := make([]struct {
		n  ident
		ok bool
	}, len(oldIDs))
	for i, o := range oldIDs {
		pairs[i].n, pairs[i].ok = match(o)
	}

	// Field findings that already report a Go break at a path and below.
	type root struct {
		sec  model.Section
		path string
	}
	var covered []root
	typeChanges := map[root]*finding{}
	enumRemoved := map[string]*finding{} // "sec.path=value"
	for i := start; i < len(c.out); i++ {
		f := &c.out[i]
		switch f.Rule {
		case requestFieldRemoved, responseFieldRemoved:
			covered = append(covered, root{f.Section, f.Path})
		case requestTypeChanged, responseTypeChanged:
			covered = append(covered, root{f.Section, f.Path})
			typeChanges[root{f.Section, f.Path}] = f
		case requestEnumValueRemoved:
			enumRemoved[string(f.Section)+"."+f.Path+"="+strings.TrimSpace(f.Old)] = f
		}
	}
	under := func(sec model.Section, p string) bool {
		for _, r := range covered {
			if r.sec == sec && (p == r.path || hasPathPrefix(p, r.path)) {
				return true
			}
		}
		return false
	}

	// Renamed nested types, so that the names and types derived from them
	// are not reported once more.
	renames := map[string]string{}
	for i, o := range oldIDs {
		if n := pairs[i].n; pairs[i].ok && o.Kind == "type" && n.Name != o.Name {
			renames[o.Name] = n.Name
		}
	}
	// implied reports whether renaming the other types turns o into n
	// (a struct's fields, an enum alias's constants, a field's type).
	implied := func(o, n string) bool {
		return renameIdents(o, renames, o) == n
	}
	// Enum aliases ("type T = string") are interchangeable with their base,
	// the base of each side's own alias: an alias whose base changes from
	// int64 to string is a change of type.
	aliasesOf := func(ids []ident) map[string]string {
		m := map[string]string{}
		for _, id := range ids {
			if base, ok := strings.CutPrefix(id.GoType, "= "); ok && id.Kind == "type" {
				m[id.Name] = base
			}
		}
		return m
	}
	oldAliases, newAliases := aliasesOf(oldIDs), aliasesOf(newIDs)
	sameType := func(o, n string) bool {
		o, n = renameIdents(o, oldAliases, ""), renameIdents(n, newAliases, "")
		return o == n || implied(o, n)
	}
	reported := map[string]bool{} // paths with a go-type-changed finding: one each

	for i, o := range oldIDs {
		sec, p := splitIdentPath(o.Path)
		p, value, isConst := strings.Cut(p, "=")
		p = strings.TrimSuffix(p, "[]")
		n, ok := pairs[i].n, pairs[i].ok
		if tc := typeChanges[root{sec, p}]; tc != nil && o.Kind == "field" {
			if !ok || !sameType(o.GoType, n.GoType) {
				tc.Breaks = breaksBoth
				if ok {
					tc.Message += fmt.Sprintf(" (Go %s → %s)", o.GoType, n.GoType)
				}
			}
			continue
		}
		if under(sec, p) {
			continue
		}
		if !ok {
			if isConst && o.Kind == "const" {
				if f := enumRemoved[string(sec)+"."+p+"="+strings.TrimSpace(value)]; f != nil {
					f.Severity, f.Breaks = sevBreaking, breaksBoth
					f.Message += fmt.Sprintf(" (Go constant %s removed)", o.Name)
					continue
				}
			}
			c.add(goIdentifierRemoved, sec, p, o.Name, "", "Go %s %s removed", o.Kind, o.Name)
			continue
		}
		if n.Name != o.Name {
			switch {
			case implied(o.Name, n.Name):
			case o.Kind == "type":
				c.add(goIdentifierRenamed, sec, p, o.Name, n.Name, "Go type %s → %s", o.Name, n.Name)
			default:
				c.add(goIdentifierRenamed, sec, p, o.Name, n.Name, "Go %s %s → %s", o.Kind, o.Name, n.Name)
			}
		}
		if n.GoType != o.GoType && !sameType(o.GoType, n.GoType) && !reported[o.Path] {
			reported[o.Path] = true
			c.add(goTypeChanged, sec, p, o.GoType, n.GoType, "Go type of %s: %s → %s", n.Name, o.GoType, n.GoType)
		}
	}
	return nil
}

// hasPathPrefix reports whether p lies under the field at root.
func hasPathPrefix(p, root string) bool {
	if !strings.HasPrefix(p, root) {
		return false
	}
	rest := p[len(root):]
	return strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[]")
}

// renameIdents applies renames to the identifiers in s in one pass: at
// the start of each identifier the longest key that matches a whole
// identifier, or a prefix followed by "_" (derived names like "T_Field"),
// is replaced. The key skip is left alone.
func renameIdents(s string, renames map[string]string, skip string) string {
	if len(renames) == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i > 0 && isIdentByte(s[i-1]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		best := ""
		for from := range renames {
			end := i + len(from)
			if from != skip && len(from) > len(best) && strings.HasPrefix(s[i:], from) &&
				(end == len(s) || !isIdentByte(s[end]) || s[end] == '_') {
				best = from
			}
		}
		if best == "" {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(renames[best])
		i += len(best)
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
