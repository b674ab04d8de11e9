package diff

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	topconfig "github.com/topgen/topgen/config"
)

// ignoreEntry is one accepted finding in an --ignore file.
type ignoreEntry struct {
	// Rule is the rule id; required.
	Rule rule `yaml:"rule"`
	// API is the method; empty matches any; * matches any run of characters.
	API string `yaml:"api,omitempty"`
	// Path is the field path, bare ("a[].b") or section-qualified
	// ("request a[].b"); empty matches any; * matches any run of characters.
	Path string `yaml:"path,omitempty"`
	// Reason says why the finding is accepted; required.
	Reason string `yaml:"reason"`
	// Line is the entry's line in the file.
	Line int `yaml:"-"`
}

// parseIgnore reads an --ignore file: a YAML list of {rule, api, path, reason}.
func parseIgnore(file string, data []byte) ([]ignoreEntry, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, nil // empty file
	}
	seq := root.Content[0]
	if seq.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: want a list of {rule, api, path, reason}", file, seq.Line)
	}
	var out []ignoreEntry
	var errs []string
	for i, n := range seq.Content {
		if n.Kind != yaml.MappingNode {
			errs = append(errs, fmt.Sprintf("%s:%d: entry %d: want a mapping with rule, api, path, reason", file, n.Line, i+1))
			continue
		}
		for j := 0; j+1 < len(n.Content); j += 2 {
			switch k := n.Content[j].Value; k {
			case "rule", "api", "path", "reason":
			default:
				errs = append(errs, fmt.Sprintf("%s:%d: entry %d: unknown key %q; want rule, api, path, reason", file, n.Content[j].Line, i+1, k))
			}
		}
		var e ignoreEntry
		if err := n.Decode(&e); err != nil {
			errs = append(errs, fmt.Sprintf("%s:%d: entry %d: %v", file, n.Line, i+1, err))
			continue
		}
		e.Line = n.Line
		if _, ok := e.Rule.Info(); !ok {
			errs = append(errs, fmt.Sprintf("%s:%d: entry %d: unknown rule %q", file, n.Line, i+1, e.Rule))
		}
		if strings.TrimSpace(e.Reason) == "" {
			errs = append(errs, fmt.Sprintf("%s:%d: entry %d: reason is required", file, n.Line, i+1))
		}
		out = append(out, e)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return out, nil
}

// Matches reports whether the entry accepts the finding.
func (e ignoreEntry) Matches(f finding) bool {
	if e.Rule != f.Rule {
		return false
	}
	if e.API != "" && !glob(e.API, f.API) {
		return false
	}
	return e.Path == "" || glob(e.Path, f.Path) || glob(e.Path, f.Where())
}

// glob matches s against a pattern where * matches any run of characters:
// the same rule as the config's include and exclude.
func glob(pat, s string) bool { return topconfig.Match(pat, s) }

// applyIgnores marks the findings an entry matches as ignored and adds a
// stale-ignore warning for each entry that matches nothing. file names the
// ignore file in those warnings. The result is sorted.
func applyIgnores(fs []finding, entries []ignoreEntry, file string) []finding {
	used := make([]bool, len(entries))
	for i := range fs {
		for j, e := range entries {
			if e.Matches(fs[i]) {
				used[j] = true
				if !fs[i].Ignored {
					fs[i].Ignored, fs[i].IgnoreReason = true, e.Reason
				}
			}
		}
	}
	for j, e := range entries {
		if used[j] {
			continue
		}
		info, _ := staleIgnore.Info()
		what := string(e.Rule)
		if e.API != "" {
			what += " api " + e.API
		}
		if e.Path != "" {
			what += " path " + e.Path
		}
		fs = append(fs, finding{Rule: staleIgnore, Severity: info.Severity, Breaks: info.Breaks, API: e.API,
			Old: what, Message: fmt.Sprintf("ignore entry (%s) matches no finding: remove it", what),
			File: file, Line: e.Line})
	}
	sortFindings(fs)
	return fs
}
