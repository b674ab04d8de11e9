package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/template"

	"github.com/topgen/topgen/templates"
)

// schemaVersion is the version of the JSON report's schema (see doc.go).
const schemaVersion = 1

// report is the whole result of a comparison, as the json format writes it.
type report struct {
	// Version is schemaVersion.
	Version int `json:"version"`
	// Old and New name what was compared (paths, or "REF:PATH" and "PATH").
	Old string `json:"old"`
	New string `json:"new"`
	// Summary counts the findings.
	Summary summary `json:"summary"`
	// Findings are sorted by API, severity, path, rule; ignored ones included.
	Findings []finding `json:"findings"`
	// ChangeDiffs are Alibaba's changeDiff records of the APIs in NEW that
	// have one, by method (see addChangeDiff).
	ChangeDiffs map[string]changeDiff `json:"change_diffs,omitempty"`
	// jsonPath is where the full JSON report was written, for the markdown note.
	jsonPath string
}

// changeDiff is Alibaba's own record of a doc change, the changeDiff of a
// full doc: when it was made and the changed request and response paths,
// e.g. "[+] data->results->tp_order_id".
type changeDiff struct {
	Modified string   `json:"modified,omitempty"`
	Input    []string `json:"input,omitempty"`
	Output   []string `json:"output,omitempty"`
}

// addChangeDiff records Alibaba's changeDiff of an API, shown beside its
// findings in the markdown report; an empty record is dropped.
func (r *report) addChangeDiff(api string, c changeDiff) {
	if c.Modified == "" && len(c.Input) == 0 && len(c.Output) == 0 {
		return
	}
	if r.ChangeDiffs == nil {
		r.ChangeDiffs = map[string]changeDiff{}
	}
	r.ChangeDiffs[api] = c
}

// summary counts the findings that are not ignored by severity, and the ignored ones.
type summary struct {
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	Ignored  int `json:"ignored"`
}

// newReport builds a report and its summary.
func newReport(old, new string, fs []finding) *report {
	r := &report{Version: schemaVersion, Old: old, New: new, Findings: fs}
	if r.Findings == nil {
		r.Findings = []finding{}
	}
	for _, f := range fs {
		switch {
		case f.Ignored:
			r.Summary.Ignored++
		case f.Severity == sevBreaking:
			r.Summary.Breaking++
		case f.Severity == sevWarning:
			r.Summary.Warning++
		default:
			r.Summary.Info++
		}
	}
	return r
}

// Fails reports whether a finding that is not ignored is at or above min.
func (r *report) Fails(min severity) bool {
	for _, f := range r.Findings {
		if !f.Ignored && f.Severity.Rank() >= min.Rank() {
			return true
		}
	}
	return false
}

// formats lists the output formats Write accepts.
func formats() []string { return []string{"text", "markdown", "json", "github"} }

// Write renders the report in a format: text, markdown, json or github.
func (r *report) Write(w io.Writer, format string) error {
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
	return fmt.Errorf("unknown format %q; want one of %s", format, strings.Join(formats(), ", "))
}

// String renders the counts: "1 breaking, 2 warnings, 0 info, 1 ignored".
func (s summary) String() string {
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

func (r *report) writeText(w io.Writer) error {
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
func (f finding) location() string {
	loc := f.API
	if f.Rule == staleIgnore {
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

func (r *report) writeGitHub(w io.Writer) error {
	var b strings.Builder
	for _, f := range r.Findings {
		var cmd string
		switch {
		case f.Ignored:
			continue
		case f.Severity == sevBreaking:
			cmd = "error"
		case f.Severity == sevWarning:
			cmd = "warning"
		default:
			continue // info is in the summary line only
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

// markdownLimit is the most characters a markdown report may have: one
// GitHub comment. Bytes are counted, so the limit holds however GitHub counts.
const markdownLimit = 65536

// markdownData is what the "summary" template renders.
type markdownData struct {
	*report
	// Groups are the findings that are not ignored, by API: APIs with a
	// breaking finding first, then with a warning, then the rest, each by name.
	Groups []group
	// Breaking, Warning and Info count the APIs by their worst finding.
	Breaking, Warning, Info int
	// Rules counts the findings and APIs of each rule.
	Rules []ruleCount
	// Ignored are the ignored findings.
	Ignored []finding
}

// group is the findings of one API.
type group struct {
	API      string
	File     string
	Worst    severity
	Findings []finding
	Change   *changeDiff
}

// ruleCount is one row of the summary's table.
type ruleCount struct {
	Rule           rule
	Severity       severity
	Breaks         breaks
	Findings, APIs int
}

// section heads the collapsed table of the APIs whose worst finding is Severity.
type section struct {
	Severity       severity
	APIs, Findings int
}

// markdownCut is what the size limit left out of a markdown report.
type markdownCut struct {
	Limit                                 int
	APIs, Findings, Breaking, IgnoredLeft int
	JSON                                  string // where the full JSON report is, if written
}

func (c *markdownCut) add(g group) {
	c.APIs++
	c.Findings += len(g.Findings)
	for _, f := range g.Findings {
		if f.Severity == sevBreaking {
			c.Breaking++
		}
	}
}

// markdown groups the findings for the markdown report.
func (r *report) markdown() markdownData {
	d := markdownData{report: r}
	idx := map[string]int{}
	type rk struct {
		r rule
		s severity
		b breaks
	}
	counts := map[rk]*ruleCount{}
	apis := map[rk]map[string]bool{}
	for _, f := range r.Findings {
		if f.Ignored {
			d.Ignored = append(d.Ignored, f)
			continue
		}
		k := rk{f.Rule, f.Severity, f.Breaks}
		if counts[k] == nil {
			counts[k] = &ruleCount{Rule: f.Rule, Severity: f.Severity, Breaks: f.Breaks}
			apis[k] = map[string]bool{}
		}
		counts[k].Findings++
		apis[k][f.API] = true
		i, ok := idx[f.API]
		if !ok {
			i = len(d.Groups)
			idx[f.API] = i
			g := group{API: f.API, File: f.File, Worst: f.Severity}
			if c, ok := r.ChangeDiffs[f.API]; ok {
				g.Change = &c
			}
			d.Groups = append(d.Groups, g)
		}
		g := &d.Groups[i]
		g.Findings = append(g.Findings, f)
		if f.Severity.Rank() > g.Worst.Rank() {
			g.Worst = f.Severity
		}
		if f.Rule != staleIgnore && (g.File == "" || f.Rule == apiRemoved) {
			g.File = f.File
		}
	}
	for k, c := range counts {
		c.APIs = len(apis[k])
		d.Rules = append(d.Rules, *c)
	}
	sort.Slice(d.Rules, func(i, j int) bool {
		a, b := d.Rules[i], d.Rules[j]
		if a.Severity != b.Severity {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.Findings != b.Findings {
			return a.Findings > b.Findings
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Breaks < b.Breaks
	})
	// Findings are sorted by API already; order the groups by worst severity.
	groups := d.Groups
	d.Groups = nil
	for _, sev := range []severity{sevBreaking, sevWarning, sevInfo} {
		for _, g := range groups {
			if g.Worst == sev {
				d.Groups = append(d.Groups, g)
			}
		}
	}
	for _, g := range d.Groups {
		switch g.Worst {
		case sevBreaking:
			d.Breaking++
		case sevWarning:
			d.Warning++
		default:
			d.Info++
		}
	}
	return d
}

func markdownTemplate() (*template.Template, error) {
	return template.New("diff.md.tmpl").Funcs(template.FuncMap{
		"cell":   markdownCell,
		"code":   markdownCode,
		"plural": plural,
		"where": func(f finding) string {
			switch {
			case f.Where() != "":
				return markdownCode(f.Where())
			case f.API == "" || f.Rule == staleIgnore:
				return markdownCode(f.location())
			}
			return "API"
		},
		"icon": func(s severity) string {
			switch s {
			case sevBreaking:
				return ":red_circle:"
			case sevWarning:
				return ":warning:"
			}
			return ":information_source:"
		},
	}).ParseFS(templates.FS, "diff.md.tmpl")
}

// writeMarkdown renders the report for a pull-request comment: the summary
// (counts by severity and rule, APIs affected), then every API with a
// breaking finding in full, then the APIs with warnings and those with
// info only, each in a collapsed table, then the ignored findings. It
// stops before the report would exceed markdownLimit and says what it
// left out and where the full report is; it never cuts inside an API.
func (r *report) writeMarkdown(w io.Writer) error {
	t, err := markdownTemplate()
	if err != nil {
		return err
	}
	var terr error
	exec := func(name string, data any) string {
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, name, data); err != nil && terr == nil {
			terr = err
		}
		return b.String()
	}
	d := r.markdown()
	head, foot := exec("summary", d), exec("footer", r)
	const big = 999999
	budget := markdownLimit - len(head) - len(foot) -
		len(exec("cut", markdownCut{Limit: markdownLimit, APIs: big, Findings: big, Breaking: big, IgnoredLeft: big, JSON: r.jsonPath}))
	var body strings.Builder
	cut := markdownCut{Limit: markdownLimit, JSON: r.jsonPath}
	fits := func(parts ...int) bool {
		n := body.Len()
		for _, p := range parts {
			n += p
		}
		return cut.APIs == 0 && n <= budget
	}
	for _, g := range d.Groups {
		if g.Worst != sevBreaking {
			continue
		}
		if s := exec("api", g); fits(len(s)) {
			body.WriteString(s)
		} else {
			cut.add(g)
		}
	}
	for _, sev := range []severity{sevWarning, sevInfo} {
		var gs []group
		sec := section{Severity: sev}
		for _, g := range d.Groups {
			if g.Worst == sev {
				gs = append(gs, g)
				sec.APIs++
				sec.Findings += len(g.Findings)
			}
		}
		if len(gs) == 0 {
			continue
		}
		open, end := exec("open", sec), exec("close", nil)
		var rows strings.Builder
		for _, g := range gs {
			var b strings.Builder
			for _, f := range g.Findings {
				b.WriteString(exec("row", f))
			}
			if g.Change != nil {
				b.WriteString(exec("change", struct {
					API string
					*changeDiff
				}{g.API, g.Change}))
			}
			if fits(len(open), rows.Len(), b.Len(), len(end)) {
				rows.WriteString(b.String())
			} else {
				cut.add(g)
			}
		}
		if rows.Len() > 0 {
			body.WriteString(open + rows.String() + end)
		}
	}
	if len(d.Ignored) > 0 {
		if s := exec("ignored", d.Ignored); fits(len(s)) {
			body.WriteString(s)
		} else {
			cut.IgnoredLeft = len(d.Ignored)
		}
	}
	out := head + body.String()
	if cut.APIs > 0 || cut.IgnoredLeft > 0 {
		out += exec("cut", cut)
	}
	out += foot
	if terr != nil {
		return terr
	}
	_, err = io.WriteString(w, out)
	return err
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
	return "`" + strings.NewReplacer("`", "'", "|", `\|`, "\n", " ", "\r", " ").Replace(s) + "`"
}
