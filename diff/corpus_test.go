package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// corpusDir returns the TOP doc corpus: $TOPGEN_CORPUS, else
// ../../shared/corpus/topdocs. It skips the test when the default is
// absent and fails when TOPGEN_CORPUS names a missing folder.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("TOPGEN_CORPUS"); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			tb.Fatalf("TOPGEN_CORPUS=%s: not a folder", dir)
		}
		return dir
	}
	dir := filepath.Join("..", "..", "shared", "corpus", "topdocs")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus not found at %s (set TOPGEN_CORPUS)", dir)
	}
	return dir
}

// loadCorpus parses every step-th page of the corpus. The corpus's two
// id-only stubs (hidden ".json" files) are not pages; every other page must load.
func loadCorpus(tb testing.TB, step int) []*model.API {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir(tb), "*", "*.json"))
	require.NoError(tb, err)
	sort.Strings(files)
	var apis []*model.API
	seen := map[string]bool{}
	for i, f := range files {
		if i%step != 0 || !parser.IsPageFile(f) || strings.HasPrefix(filepath.Base(f), ".") {
			continue
		}
		api, _, err := parser.Load(f)
		require.NoError(tb, err)
		if seen[api.Method] {
			continue
		}
		seen[api.Method] = true
		apis = append(apis, api)
	}
	require.NotEmpty(tb, apis, "no corpus page could be loaded")
	return apis
}

// expect is a finding an edit must produce, with its labels.
type expect struct {
	rule   rule
	breaks breaks
	sec    model.Section
	path   string
}

// corpusEdit is a known change made to copies of a model. apply edits old
// and new (both copies of one API; most edits touch new only) and returns
// the findings the edit must produce, or ok=false when the API has nothing
// to edit. An edit may expect no finding at all: the wire did not change.
type corpusEdit struct {
	name  string
	apply func(old, new *model.API) (want []expect, ok bool)
}

// fieldWhere finds a field of fs depth first, returning it, its parent
// list and its path; prefix is the path of the list. Later fields that
// repeat a wire name are skipped: only the first one of a name counts.
func fieldWhere(fs []*model.Field, prefix string, match func(f *model.Field, depth int) bool, depth int) (*model.Field, []*model.Field, string) {
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		if match(f, depth) {
			return f, fs, prefix + f.Name
		}
		if len(f.Fields) == 0 {
			continue
		}
		sub := prefix + f.Name
		if f.List {
			sub += "[]"
		}
		if g, parent, p := fieldWhere(f.Fields, sub+".", match, depth+1); g != nil {
			return g, parent, p
		}
	}
	return nil, nil, ""
}

// typeUses counts the fields with sub-fields of each TOP type in fs, recursively.
func typeUses(fs []*model.Field, n map[string]int) map[string]int {
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		if len(f.Fields) > 0 {
			n[f.Type]++
			typeUses(f.Fields, n)
		}
	}
	return n
}

func scalarLeaf(f *model.Field) bool {
	return len(f.Fields) == 0 && model.KindOf(f) != model.KindObject && len(f.Enum) == 0
}

// reverseAll reverses every field list of fs, recursively; it reports
// whether any list had two fields or more.
func reverseAll(fs []*model.Field) bool {
	moved := len(fs) > 1
	for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
		fs[i], fs[j] = fs[j], fs[i]
	}
	for _, f := range fs {
		moved = reverseAll(f.Fields) || moved
	}
	return moved
}

func corpusEdits() []corpusEdit {
	top := func(match func(f *model.Field) bool) func(f *model.Field, depth int) bool {
		return func(f *model.Field, depth int) bool { return depth == 0 && match(f) }
	}
	remove := func(fs []*model.Field, f *model.Field) []*model.Field {
		var out []*model.Field
		for _, g := range fs {
			if g.Name != f.Name { // repeats of the name too
				out = append(out, g)
			}
		}
		return out
	}
	one := func(r rule, b breaks, sec model.Section, path string) ([]expect, bool) {
		return []expect{{r, b, sec, path}}, true
	}
	objects := func(f *model.Field, _ int) bool { return len(f.Fields) > 0 }
	return []corpusEdit{
		{"remove a request field", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", top(scalarLeaf), 0)
			if f == nil {
				return nil, false
			}
			a.Request = remove(a.Request, f)
			return one(requestFieldRemoved, breaksBoth, model.Request, p)
		}},
		{"make a request field required", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", func(f *model.Field, _ int) bool { return !f.Required }, 0)
			if f == nil {
				return nil, false
			}
			f.Required = true
			return one(requestFieldNowRequired, breaksWire, model.Request, p)
		}},
		{"change a request field's type", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", func(f *model.Field, _ int) bool {
				return scalarLeaf(f) && model.KindOf(f) == model.KindString
			}, 0)
			if f == nil {
				return nil, false
			}
			f.Type = "Number"
			return one(requestTypeChanged, breaksBoth, model.Request, p)
		}},
		{"lower a max length", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", func(f *model.Field, _ int) bool { return f.MaxLength != nil && *f.MaxLength > 1 }, 0)
			if f == nil {
				return nil, false
			}
			n := *f.MaxLength / 2
			f.MaxLength = &n
			return one(maxLengthDecreased, breaksWire, model.Request, p)
		}},
		{"add a request enum value", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", func(f *model.Field, _ int) bool {
				return len(f.Enum) > 0 && model.KindOf(f) == model.KindString
			}, 0)
			if f == nil {
				return nil, false
			}
			f.Enum = append(f.Enum, model.EnumValue{Value: "TOPGEN_EDIT", Label: "added by the corpus test"})
			return one(requestEnumValueAdded, breaksNone, model.Request, p)
		}},
		{"remove a response field", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Response, "", top(scalarLeaf), 0)
			if f == nil {
				return nil, false
			}
			a.Response = remove(a.Response, f)
			return one(responseFieldRemoved, breaksBoth, model.Response, p)
		}},
		{"make a response field a list", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Response, "", func(f *model.Field, _ int) bool { return scalarLeaf(f) && !f.List }, 0)
			if f == nil {
				return nil, false
			}
			f.List = true
			return one(responseTypeChanged, breaksBoth, model.Response, p)
		}},
		{"add a required request field", func(_, a *model.API) ([]expect, bool) {
			a.Request = append(a.Request, &model.Field{Name: "topgen_edit_id", Type: "String", Required: true})
			return one(requestFieldAddedRequired, breaksWire, model.Request, "topgen_edit_id")
		}},
		{"require a session", func(_, a *model.API) ([]expect, bool) {
			if a.NeedsSession() {
				return nil, false
			}
			a.Session = model.SessionRequired
			return one(sessionRequired, breaksWire, "", "")
		}},
		{"change a description", func(_, a *model.API) ([]expect, bool) {
			a.Description += " (edited)"
			return one(descriptionChanged, breaksNone, "", "")
		}},
		{"remove the API", nil}, // handled by the caller

		// Edits that keep the wire: no Go identifier may change.
		{"reorder siblings", func(_, a *model.API) ([]expect, bool) {
			r := reverseAll(a.Request)
			return nil, reverseAll(a.Response) || r
		}},
		{"rename a TOP type, case only", func(_, a *model.API) ([]expect, bool) {
			for _, sec := range []model.Section{model.Response, model.Request} {
				f, _, _ := fieldWhere(a.Fields(sec), "", func(f *model.Field, _ int) bool {
					return len(f.Fields) > 0 && strings.ToUpper(f.Type) != f.Type
				}, 0)
				if f != nil {
					f.Type = strings.ToUpper(f.Type)
					return nil, true
				}
			}
			return nil, false
		}},
		{"rename a TOP type", func(_, a *model.API) ([]expect, bool) {
			for _, sec := range []model.Section{model.Response, model.Request} {
				if f, _, p := fieldWhere(a.Fields(sec), "", objects, 0); f != nil {
					f.Type += "Renamed"
					return one(topTypeRenamed, breaksNone, sec, p)
				}
			}
			return nil, false
		}},
		{"change one use of a shared type", func(_, a *model.API) ([]expect, bool) {
			for _, sec := range []model.Section{model.Response, model.Request} {
				uses := typeUses(a.Fields(sec), map[string]int{})
				f, _, p := fieldWhere(a.Fields(sec), "", func(f *model.Field, _ int) bool {
					return len(f.Fields) > 0 && uses[f.Type] > 1
				}, 0)
				if f == nil {
					continue
				}
				sub := p
				if f.List {
					sub += "[]"
				}
				g, _, gp := fieldWhere(f.Fields, sub+".", func(g *model.Field, d int) bool { return d == 0 && scalarLeaf(g) }, 0)
				if g == nil {
					continue
				}
				if sec == model.Request && !g.Required {
					g.Required = true
					return one(requestFieldNowRequired, breaksWire, sec, gp)
				}
				f.Fields = remove(f.Fields, g)
				if sec == model.Request {
					return one(requestFieldRemoved, breaksBoth, sec, gp)
				}
				return one(responseFieldRemoved, breaksBoth, sec, gp)
			}
			return nil, false
		}},
		{"remove a repeated field", func(old, _ *model.API) ([]expect, bool) {
			// OLD lists a field twice, as some docs do; NEW drops the repeat.
			for _, sec := range []model.Section{model.Response, model.Request} {
				if fs := old.Fields(sec); len(fs) > 1 {
					dup := *fs[0]
					if sec == model.Request {
						old.Request = append(fs, &dup)
					} else {
						old.Response = append(fs, &dup)
					}
					return nil, true
				}
			}
			return nil, false
		}},
		{"reword an enum's prose", func(_, a *model.API) ([]expect, bool) {
			for _, sec := range []model.Section{model.Request, model.Response} {
				f, _, p := fieldWhere(a.Fields(sec), "", func(f *model.Field, _ int) bool { return len(f.Enum) > 0 }, 0)
				if f == nil {
					continue
				}
				// "1上午，2下午" → "1:上午/2:下午": the same values, new words.
				var parts []string
				for i := range f.Enum {
					f.Enum[i].Label = "（" + f.Enum[i].Label + "）"
					parts = append(parts, f.Enum[i].Value+":"+f.Enum[i].Label)
				}
				f.Description = strings.Join(parts, "/")
				return one(descriptionChanged, breaksNone, sec, p)
			}
			return nil, false
		}},
		{"Number[] → String[] at the top level", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Request, "", top(func(f *model.Field) bool {
				k := model.KindOf(f)
				return scalarLeaf(f) && f.List && (k == model.KindNumber || k == model.KindString)
			}), 0)
			if f == nil {
				return nil, false
			}
			if model.KindOf(f) == model.KindNumber {
				f.Type = "String"
			} else {
				f.Type = "Number"
			}
			return one(goTypeChanged, breaksGo, model.Request, p)
		}},
		{"a response field starts listing its values", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Response, "", func(f *model.Field, _ int) bool {
				return scalarLeaf(f) && model.KindOf(f) == model.KindString
			}, 0)
			if f == nil {
				return nil, false
			}
			f.Enum = []model.EnumValue{{Value: "A", Label: "甲"}, {Value: "B", Label: "乙"}}
			f.Description += " A:甲/B:乙"
			return one(descriptionChanged, breaksNone, model.Response, p)
		}},
		{"a scalar becomes an object", func(_, a *model.API) ([]expect, bool) {
			f, _, p := fieldWhere(a.Response, "", func(f *model.Field, _ int) bool { return scalarLeaf(f) && !f.List }, 0)
			if f == nil {
				return nil, false
			}
			f.Type = "TopgenEditInfo"
			f.Fields = []*model.Field{{Name: "edit_id", Type: "Number"}, {Name: "edit_note", Type: "String"}}
			return []expect{
				{responseTypeChanged, breaksBoth, model.Response, p},
				{responseFieldAdded, breaksNone, model.Response, p + ".edit_id"},
				{responseFieldAdded, breaksNone, model.Response, p + ".edit_note"},
			}, true
		}},
	}
}

// expectKey renders a finding as the corpus test compares it: rule, whom
// it breaks, API and where.
func expectKey(r rule, b breaks, api string, sec model.Section, path string) string {
	return fmt.Sprintf("%s %s %s %s", r, b, api, finding{Section: sec, Path: path}.Where())
}

// editedCorpus is the corpus with one edit per API, taken in turn.
type editedCorpus struct {
	old, new []*model.API
	want     []string        // expectKey of every finding the edits must produce, sorted
	counts   map[string]int  // edit name → APIs it was applied to
	wire     map[string]bool // "api sec path" where an edit changed the wire
}

// editCorpus returns edited copies of apis (with some APIs removed) and the
// findings the edits must produce. Each API gets one edit: the least used
// one so far that applies to it (ties in list order), so that rare edits
// find the few APIs they fit.
func editCorpus(apis []*model.API) *editedCorpus {
	edits := corpusEdits()
	ec := &editedCorpus{counts: map[string]int{}, wire: map[string]bool{}}
	order := make([]int, len(edits))
	for _, a := range apis {
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return ec.counts[edits[order[i]].name] < ec.counts[edits[order[j]].name] })
		for _, k := range order {
			e := edits[k]
			o, n := cloneAPI(a), cloneAPI(a)
			if e.apply == nil {
				ec.old = append(ec.old, o)
				ec.want = append(ec.want, expectKey(apiRemoved, breaksBoth, a.Method, "", ""))
				ec.counts[e.name]++
				break
			}
			want, ok := e.apply(o, n)
			if !ok {
				continue
			}
			for _, w := range want {
				ec.want = append(ec.want, expectKey(w.rule, w.breaks, a.Method, w.sec, w.path))
				if w.breaks == breaksWire || w.breaks == breaksBoth {
					ec.wire[a.Method+" "+string(w.sec)+" "+w.path] = true
				}
			}
			ec.counts[e.name]++
			ec.old = append(ec.old, o)
			ec.new = append(ec.new, n)
			break
		}
	}
	sort.Strings(ec.want)
	return ec
}

// goNamesKept checks that every Go identifier of OLD is in NEW with the
// same name at the same path, unless an edit changed the wire at or above
// its path: the stability promise of the generated names.
func goNamesKept(t *testing.T, ec *editedCorpus) {
	newBy := map[string]*model.API{}
	for _, a := range ec.new {
		newBy[a.Method] = a
	}
	changed := 0
	for _, o := range ec.old {
		n := newBy[o.Method]
		if n == nil {
			continue
		}
		oldIDs, err := planIdents(o)
		require.NoError(t, err)
		newIDs, err := planIdents(n)
		require.NoError(t, err)
		have := map[string]bool{}
		for _, id := range newIDs {
			have[id.Kind+" "+id.Path+" "+id.Name] = true
		}
		for _, id := range oldIDs {
			if have[id.Kind+" "+id.Path+" "+id.Name] || wireChangedAt(ec.wire, o.Method, id.Path) {
				continue
			}
			changed++
			assert.Fail(t, "Go identifier changed where the wire did not", "%s: %s %s at %s", o.Method, id.Kind, id.Name, id.Path)
		}
	}
	assert.Zero(t, changed)
}

// wireChangedAt reports whether an edit changed the wire at the ident path
// ("request.a[].b=V") or at a field above it.
func wireChangedAt(wire map[string]bool, api, identPath string) bool {
	sec, p := splitIdentPath(identPath)
	p, _, _ = strings.Cut(p, "=")
	for {
		p = strings.TrimSuffix(p, "[]")
		if wire[api+" "+string(sec)+" "+p] {
			return true
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// setDiff returns the items of a not in b.
func setDiff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func TestCorpusEdits(t *testing.T) {
	step := 1 // the whole corpus
	if testing.Short() {
		step = 10
	}
	apis := loadCorpus(t, step)
	ec := editCorpus(apis)
	t.Logf("%d APIs, %d expected findings: %v", len(apis), len(ec.want), ec.counts)
	for _, e := range corpusEdits() {
		assert.Positive(t, ec.counts[e.name], "edit %q applied to no API", e.name)
	}
	fs, err := compareSets(ec.old, ec.new, options{})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, expectKey(f.Rule, f.Breaks, f.API, f.Section, f.Path))
	}
	sort.Strings(got)
	// Recall and precision are both 100%: exactly the expected findings.
	missed, extra := setDiff(ec.want, got), setDiff(got, ec.want)
	assert.Empty(t, missed, "expected findings not reported (recall < 100%)")
	assert.Empty(t, extra, "findings no edit explains (precision < 100%)")
	assert.Len(t, got, len(ec.want))
	goNamesKept(t, ec)

	// And the unedited corpus against itself reports nothing.
	fs, err = compareSets(apis, apis, options{})
	require.NoError(t, err)
	assert.Empty(t, fs)
}

func BenchmarkDiffCorpus(b *testing.B) {
	apis := loadCorpus(b, 10)
	ec := editCorpus(apis)
	b.ResetTimer()
	for b.Loop() {
		if _, err := compareSets(ec.old, ec.new, options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(apis)), "apis/op")
}

// TestCorpusMarkdown: the markdown report of a bulk refresh (the corpus
// against its edited copies) fits in one comment and keeps its shape.
func TestCorpusMarkdown(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 10
	}
	ec := editCorpus(loadCorpus(t, step))
	fs, err := compareSets(ec.old, ec.new, options{})
	require.NoError(t, err)
	r := newReport("old", "new", fs)
	r.jsonPath = "diff.json"
	md := markdownOf(t, r)
	checkMarkdown(t, md, r)
	t.Logf("%d findings (%s): markdown %d bytes, %d APIs in full", len(fs), r.Summary, len(md), strings.Count(md, "\n### "))
	if step == 1 {
		assert.Contains(t, md, "The full report is in `diff.json`.")
	}
}
