package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/topgen/topgen/templates"
)

// SchemaVersion is the version of the JSON report's schema (see doc.go).
const SchemaVersion = 1

// Report is the whole result of a comparison, as the json format writes it.
type Report struct {
	// Version is SchemaVersion.
	Version int `json:"version"`
	// Old and New name what was compared (paths, or "REF:PATH" and "PATH").
	Old string `json:"old"`
	New string `json:"new"`
	// Summary counts the findings.
	Summary Summary `json:"summary"`
	// Findings are sorted by API, severity, path, rule; ignored ones included.
	Findings []Finding `json:"findings"`
}

// Summary counts the findings that are not ignored by severity, and the ignored ones.
type Summary struct {
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	Ignored  int `json:"ignored"`
}

// NewReport builds a report and its summary.
func NewReport(old, new string, fs []Finding) *Report {
	r := &Report{Version: SchemaVersion, Old: old, New: new, Findings: fs}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for _, f := range fs {
		switch {
		case f.Ignored:
			r.Summary.Ignored++
		case f.Severity == Breaking:
			r.Summary.Breaking++
		case f.Severity == Warning:
			r.Summary.Warning++
		default:
			r.Summary.Info++
		}
	}
	return r
}

// Fails reports whether a finding that is not ignored is at or above min.
func (r *Report) Fails(min Severity) bool {
	for _, f := range r.Findings {
		if !f.Ignored && f.Severity.Rank() >= min.Rank() {
			return true
		}
	}
	return false
}

// Formats lists the output formats Write accepts.
func Formats() []string { return []string{"text", "markdown", "json", "github"} }

// Write renders the report in a format: text, markdown, json or github.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.writeText(w)
	case "markdown":
		return r.writeMarkdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "github":
		return r.writeGitHub(w)
	}
	return fmt.Errorf("unknown format %q; want one of %s", format, strings.Join(Formats(), ", "))
}

// String renders the counts: "1 breaking, 2 warnings, 0 info, 1 ignored".
func (s Summary) String() string {
	out := fmt.Sprintf("%d breaking, %d %s, %d info", s.Breaking, s.Warning, plural(s.Warning, "warning", "warnings"), s.Info)
	if s.Ignored > 0 {
		out += fmt.Sprintf(", %d ignored", s.Ignored)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (r *Report) writeText(w io.Writer) error {
	var b strings.Builder
	for _, f := range r.Findings {
		if f.Ignored {
			continue
		}
		fmt.Fprintf(&b, "%-8s %s: %s [%s, breaks %s]\n", f.Severity, f.location(), f.Message, f.Rule, f.Breaks)
	}
	fmt.Fprintln(&b, r.Summary.String())
	_, err := io.WriteString(w, b.String())
	return err
}

// location is "API where", or the file and line when the finding has no API.
func (f Finding) location() string {
	loc := f.API
	if f.Rule == StaleIgnore {
		loc = ""
	}
	if wh := f.Where(); wh != "" {
		loc = strings.TrimSpace(loc + " " + wh)
	}
	if loc == "" {
		loc = f.File
		if f.Line > 0 {
			loc += fmt.Sprintf(":%d", f.Line)
		}
	}
	return loc
}

// annotationEscape escapes a workflow command's message.
func annotationEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// annotationProp escapes a workflow command's property value.
func annotationProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func (r *Report) writeGitHub(w io.Writer) error {
	var b strings.Builder
	for _, f := range r.Findings {
		if f.Ignored {
			continue
		}
		cmd := "notice"
		switch f.Severity {
		case Breaking:
			cmd = "error"
		case Warning:
			cmd = "warning"
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+annotationProp(f.File))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
		}
		props = append(props, "title="+annotationProp(fmt.Sprintf("%s (%s, breaks %s)", f.Rule, f.Severity, f.Breaks)))
		msg := f.location() + ": " + f.Message
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), annotationEscape(msg))
	}
	fmt.Fprintf(&b, "topgen diff: %s\n", r.Summary)
	_, err := io.WriteString(w, b.String())
	return err
}

// MarkdownData is what templates/diff.md.tmpl renders.
type MarkdownData struct {
	*Report
	// Groups are the findings that are not ignored, by API: APIs with a
	// breaking finding first, then with a warning, then the rest, each by name.
	Groups []Group
	// Ignored are the ignored findings.
	Ignored []Finding
}

// Group is the findings of one API.
type Group struct {
	API      string
	File     string
	Worst    Severity
	Findings []Finding
}

// Markdown returns the data the markdown template renders.
func (r *Report) Markdown() MarkdownData {
	d := MarkdownData{Report: r}
	idx := map[string]int{}
	for _, f := range r.Findings {
		if f.Ignored {
			d.Ignored = append(d.Ignored, f)
			continue
		}
		i, ok := idx[f.API]
		if !ok {
			i = len(d.Groups)
			idx[f.API] = i
			d.Groups = append(d.Groups, Group{API: f.API, File: f.File, Worst: f.Severity})
		}
		g := &d.Groups[i]
		g.Findings = append(g.Findings, f)
		if f.Severity.Rank() > g.Worst.Rank() {
			g.Worst = f.Severity
		}
		if f.Rule != StaleIgnore && (g.File == "" || f.Rule == APIRemoved) {
			g.File = f.File
		}
	}
	// Findings are sorted by API already; order the groups by worst severity.
	groups := d.Groups
	d.Groups = nil
	for _, sev := range []Severity{Breaking, Warning, Info} {
		for _, g := range groups {
			if g.Worst == sev {
				d.Groups = append(d.Groups, g)
			}
		}
	}
	return d
}

func (r *Report) writeMarkdown(w io.Writer) error {
	t, err := template.New("diff.md.tmpl").Funcs(template.FuncMap{
		"cell":   markdownCell,
		"code":   markdownCode,
		"plural": plural,
		"where": func(f Finding) string {
			switch {
			case f.Where() != "":
				return markdownCode(f.Where())
			case f.API == "" || f.Rule == StaleIgnore:
				return markdownCode(f.location())
			}
			return "API"
		},
		"icon": func(s Severity) string {
			switch s {
			case Breaking:
				return ":red_circle:"
			case Warning:
				return ":warning:"
			}
			return ":information_source:"
		},
	}).ParseFS(templates.FS, "diff.md.tmpl")
	if err != nil {
		return err
	}
	return t.Execute(w, r.Markdown())
}

// markdownCell escapes text for a markdown table cell.
func markdownCell(s string) string {
	s = strings.NewReplacer("|", `\|`, "*", `\*`, "\r", " ", "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
	return strings.TrimSpace(s)
}

// markdownCode renders s as inline code.
func markdownCode(s string) string {
	if s == "" {
		return "(nothing)"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}
