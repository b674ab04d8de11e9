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

// corpusEdit is a known change made to a copy of a model, and the finding
// it must produce.
type corpusEdit struct {
	name string
	// apply edits a (a copy) and returns the expected finding's rule,
	// section and path, or ok=false when the API has nothing to edit.
	apply func(a *model.API) (r Rule, sec model.Section, path string, ok bool)
}

// fieldWhere finds a field of a depth first, returning its path; prefix
// is the path of the list fs belongs to. It only descends into objects
// whose TOP type is used once in a: the generator shares one struct among
// same-shaped uses of a type, so editing a shared type would also (and
// rightly) report the Go renames of the other uses.
func fieldWhere(a *model.API, fs []*model.Field, prefix string, match func(f *model.Field, depth int) bool, depth int) (*model.Field, []*model.Field, string) {
	for _, f := range fs {
		if match(f, depth) {
			return f, fs, prefix + f.Name
		}
		if len(f.Fields) == 0 || !uniqueType(a, f.Type) {
			continue
		}
		sub := prefix + f.Name
		if f.List {
			sub += "[]"
		}
		if g, parent, p := fieldWhere(a, f.Fields, sub+".", match, depth+1); g != nil {
			return g, parent, p
		}
	}
	return nil, nil, ""
}

// uniqueType reports whether typ is the type of exactly one field of a.
func uniqueType(a *model.API, typ string) bool {
	n := 0
	var walk func(fs []*model.Field)
	walk = func(fs []*model.Field) {
		for _, f := range fs {
			if f.Type == typ {
				n++
			}
			walk(f.Fields)
		}
	}
	walk(a.Request)
	walk(a.Response)
	return n == 1
}

func scalarLeaf(f *model.Field) bool {
	return len(f.Fields) == 0 && model.KindOf(f) != model.KindObject && len(f.Enum) == 0
}

func corpusEdits() []corpusEdit {
	top := func(match func(f *model.Field) bool) func(f *model.Field, depth int) bool {
		return func(f *model.Field, depth int) bool { return depth == 0 && match(f) }
	}
	remove := func(fs []*model.Field, f *model.Field) []*model.Field {
		var out []*model.Field
		for _, g := range fs {
			if g != f {
				out = append(out, g)
			}
		}
		return out
	}
	return []corpusEdit{
		{"remove a request field", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Request, "", top(scalarLeaf), 0)
			if f == nil {
				return "", "", "", false
			}
			a.Request = remove(a.Request, f)
			return RequestFieldRemoved, model.Request, p, true
		}},
		{"make a request field required", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Request, "", func(f *model.Field, _ int) bool { return !f.Required }, 0)
			if f == nil {
				return "", "", "", false
			}
			f.Required = true
			return RequestFieldNowRequired, model.Request, p, true
		}},
		{"change a request field's type", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Request, "", func(f *model.Field, _ int) bool {
				return scalarLeaf(f) && model.KindOf(f) == model.KindString
			}, 0)
			if f == nil {
				return "", "", "", false
			}
			f.Type = "Number"
			return RequestTypeChanged, model.Request, p, true
		}},
		{"lower a max length", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Request, "", func(f *model.Field, _ int) bool { return f.MaxLength != nil && *f.MaxLength > 1 }, 0)
			if f == nil {
				return "", "", "", false
			}
			n := *f.MaxLength / 2
			f.MaxLength = &n
			return MaxLengthDecreased, model.Request, p, true
		}},
		{"add a request enum value", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Request, "", func(f *model.Field, _ int) bool {
				return len(f.Fields) == 0 && model.KindOf(f) == model.KindString
			}, 0)
			if f == nil {
				return "", "", "", false
			}
			f.Enum = append(f.Enum, model.EnumValue{Value: "TOPGEN_EDIT", Label: "added by the corpus test"})
			return RequestEnumValueAdded, model.Request, p, true
		}},
		{"remove a response field", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Response, "", top(scalarLeaf), 0)
			if f == nil {
				return "", "", "", false
			}
			a.Response = remove(a.Response, f)
			return ResponseFieldRemoved, model.Response, p, true
		}},
		{"rename a nested type", func(a *model.API) (Rule, model.Section, string, bool) {
			for _, sec := range []model.Section{model.Response, model.Request} {
				f, _, p := fieldWhere(a, a.Fields(sec), "", func(f *model.Field, _ int) bool {
					return len(f.Fields) > 0 && uniqueType(a, f.Type)
				}, 0)
				if f != nil {
					f.Type += "Renamed"
					return GoTypeRenamed, sec, p, true
				}
			}
			return "", "", "", false
		}},
		{"make a response field a list", func(a *model.API) (Rule, model.Section, string, bool) {
			f, _, p := fieldWhere(a, a.Response, "", func(f *model.Field, _ int) bool { return scalarLeaf(f) && !f.List }, 0)
			if f == nil {
				return "", "", "", false
			}
			f.List = true
			return ResponseTypeChanged, model.Response, p, true
		}},
		{"add a required request field", func(a *model.API) (Rule, model.Section, string, bool) {
			a.Request = append(a.Request, &model.Field{Name: "topgen_edit_id", Type: "String", Required: true})
			return RequestFieldAddedRequired, model.Request, "topgen_edit_id", true
		}},
		{"require a session", func(a *model.API) (Rule, model.Section, string, bool) {
			if a.NeedsSession() {
				return "", "", "", false
			}
			a.Session = model.SessionRequired
			return SessionRequired, "", "", true
		}},
		{"change a description", func(a *model.API) (Rule, model.Section, string, bool) {
			a.Description += " (edited)"
			return DescriptionChanged, "", "", true
		}},
		{"remove the API", nil}, // handled by the caller
	}
}

// expectKey renders a finding as the corpus test compares it.
func expectKey(r Rule, api string, sec model.Section, path string) string {
	return fmt.Sprintf("%s %s %s", r, api, Finding{Section: sec, Path: path}.Where())
}

// editCorpus returns edited copies of apis (with some APIs removed) and the
// findings the edits must produce. Each API gets one edit, taken in turn.
func editCorpus(apis []*model.API) (edited []*model.API, want []string, counts map[string]int) {
	edits := corpusEdits()
	counts = map[string]int{}
	for i, a := range apis {
		c := cloneAPI(a)
		e := edits[i%len(edits)]
		if e.apply == nil {
			want = append(want, expectKey(APIRemoved, a.Method, "", ""))
			counts[e.name]++
			continue
		}
		if r, sec, p, ok := e.apply(c); ok {
			want = append(want, expectKey(r, a.Method, sec, p))
			counts[e.name]++
		}
		edited = append(edited, c)
	}
	sort.Strings(want)
	return edited, want, counts
}

func TestCorpusEdits(t *testing.T) {
	step := 1 // the whole corpus
	if testing.Short() {
		step = 10
	}
	apis := loadCorpus(t, step)
	edited, want, counts := editCorpus(apis)
	t.Logf("%d APIs, %d edits: %v", len(apis), len(want), counts)
	for _, e := range corpusEdits() {
		assert.Positive(t, counts[e.name], "edit %q applied to no API", e.name)
	}
	fs, err := CompareSets(apis, edited, Options{})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, expectKey(f.Rule, f.API, f.Section, f.Path))
	}
	sort.Strings(got)
	assert.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))

	// And the unedited corpus against itself reports nothing.
	fs, err = CompareSets(apis, apis, Options{})
	require.NoError(t, err)
	assert.Empty(t, fs)
}

func BenchmarkDiffCorpus(b *testing.B) {
	apis := loadCorpus(b, 10)
	edited, _, _ := editCorpus(apis)
	b.ResetTimer()
	for b.Loop() {
		if _, err := CompareSets(apis, edited, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(apis)), "apis/op")
}
