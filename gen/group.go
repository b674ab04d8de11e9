package gen

import (
	"fmt"
	"path/filepath"

	"github.com/topgen/topgen/model"
)

// Grouping says how APIs are put into Go packages.
type Grouping string

// The groupings topgen knows.
const (
	// ByMethod: one package per method's second segment (GroupOf).
	ByMethod Grouping = "method"
	// ByDir: one package per input file's folder (a doc category).
	ByDir Grouping = "dir"
	// OnePackage: every API in one package at the output root.
	OnePackage Grouping = "one"
)

// groupings lists the valid groupings, for ParseGrouping and its message.
var groupings = []Grouping{ByMethod, ByDir, OnePackage}

// ParseGrouping checks a grouping's name.
func ParseGrouping(s string) (Grouping, error) {
	for _, g := range groupings {
		if string(g) == s {
			return g, nil
		}
	}
	return "", fmt.Errorf("grouping %q: want method, dir or one", s)
}

// Input is an API with the file it was loaded from (for ByDir).
type Input struct {
	API  *model.API
	Path string
}

// Group assigns inputs to packages: the key is the package name and its
// folder under the output root; OnePackage uses the key "" with package
// pkg (Generate's convention). pkg, when set, also forces OnePackage.
func Group(inputs []Input, by Grouping, pkg string) (map[string][]*model.API, error) {
	if pkg != "" {
		by = OnePackage
	}
	if _, err := ParseGrouping(string(by)); err != nil {
		return nil, err
	}
	if by == OnePackage && pkg == "" {
		return nil, fmt.Errorf("gen: grouping %q needs a package name", by)
	}
	groups := map[string][]*model.API{}
	for _, in := range inputs {
		if in.API == nil {
			return nil, fmt.Errorf("gen: nil API")
		}
		var g string
		switch by {
		case ByMethod:
			g = GroupOf(in.API.Method)
		case ByDir:
			g = SanitizePackage(filepath.Base(filepath.Dir(in.Path)))
		}
		groups[g] = append(groups[g], in.API)
	}
	return groups, nil
}
