package main

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// corpusDir returns the TOP doc corpus, skipping the test when it is absent
// (and failing when TOPGEN_CORPUS names a folder that is not there).
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("TOPGEN_CORPUS")
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			tb.Fatalf("TOPGEN_CORPUS=%s: %v", dir, err)
		}
		return dir
	}
	dir = filepath.Join("..", "..", "..", "shared", "corpus", "topdocs")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus absent at %s (set TOPGEN_CORPUS)", dir)
	}
	return dir
}

// repoRoot is the module root, two folders up from this package.
func repoRoot(tb testing.TB) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(tb, err)
	return root
}

// writeModule makes dir a module that builds generated code against this repo's runtime.
func writeModule(tb testing.TB, dir string) {
	tb.Helper()
	mod := "module corpussdk\n\ngo 1.26\n\nrequire github.com/topgen/topgen v0.0.0\n\nreplace github.com/topgen/topgen => " + repoRoot(tb) + "\n"
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
}

func goCmd(tb testing.TB, dir string, args ...string) {
	tb.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(string(out), "\n")
		if len(lines) > 60 {
			lines = append(lines[:60], "…")
		}
		tb.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, strings.Join(lines, "\n"))
	}
}

// TestCorpusGenerateBuildVet generates one package per corpus category,
// builds and vets them all, then calls every generated method against a
// fake gateway in all three response forms.
func TestCorpusGenerateBuildVet(t *testing.T) {
	corpus := corpusDir(t)
	if testing.Short() {
		t.Skip("builds the whole corpus SDK")
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"gen", "-group", "dir", "-o", out, corpus}, &stdout, &stderr)
	require.Equal(t, 0, code, "topgen gen: %s", stderr.String())
	t.Log(strings.TrimSpace(stdout.String()))

	var files, lines int
	dirs := map[string]bool{}
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		require.True(t, gen.IsGenerated(b), "%s lacks the generated header", p)
		files++
		lines += bytes.Count(b, []byte("\n"))
		dirs[filepath.Dir(p)] = true
		return nil
	}))
	cats, err := filepath.Glob(filepath.Join(corpus, "*", "catelog.json"))
	require.NoError(t, err)
	assert.Len(t, dirs, len(cats), "one package per category")
	t.Logf("%d packages, %d files, %d lines of Go", len(dirs), files, lines)

	writeModule(t, out)
	goCmd(t, out, "build", "./...")
	goCmd(t, out, "vet", "./...")

	// Exercise every generated method against the fake gateway.
	writeCorpusE2E(t, out, corpus)
	goCmd(t, out, "test", "-count=1", ".")
}

// categoryAPIs parses one corpus category.
func categoryAPIs(tb testing.TB, corpus, cat string) []*model.API {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpus, cat, "*.json"))
	require.NoError(tb, err)
	var apis []*model.API
	for _, r := range parser.LoadAll(files) {
		if r.Err != nil {
			if strings.Contains(r.Err.Error(), "catelog.json") {
				continue
			}
			require.NoError(tb, r.Err)
		}
		apis = append(apis, r.API)
	}
	return apis
}

func byPath(files []gen.File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Path] = f.Content
	}
	return m
}

// TestCorpusStability checks that an API's file depends only on that API:
// removing one API, editing another and shuffling the input leaves every
// other file byte-identical, and two runs give the same bytes.
func TestCorpusStability(t *testing.T) {
	corpus := corpusDir(t)
	for _, cat := range []string{"trade", "tbk", "wdk"} {
		t.Run(cat, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(corpus, cat)); err != nil {
				t.Skipf("no category %s", cat)
			}
			apis := categoryAPIs(t, corpus, cat)
			require.Greater(t, len(apis), 3)
			base, err := gen.GenerateGroups(map[string][]*model.API{cat: apis}, gen.Options{})
			require.NoError(t, err)
			again, err := gen.GenerateGroups(map[string][]*model.API{cat: apis}, gen.Options{})
			require.NoError(t, err)
			assert.Equal(t, byPath(base), byPath(again), "two runs differ")

			// Remove the first API, edit the second (a new field and a changed
			// description), shuffle the rest.
			edited := parseAgain(t, apis[1])
			edited.Request = append(edited.Request, &model.Field{Name: "zz_new_param", Type: "String", Description: "added"})
			edited.Description += " (edited)"
			changed := append([]*model.API{edited}, apis[2:]...)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(changed), func(i, j int) { changed[i], changed[j] = changed[j], changed[i] })
			next, err := gen.GenerateGroups(map[string][]*model.API{cat: changed}, gen.Options{})
			require.NoError(t, err)

			old, cur := byPath(base), byPath(next)
			var diffs []string
			for p, b := range cur {
				if !bytes.Equal(old[p], b) {
					diffs = append(diffs, p)
				}
			}
			for p := range old {
				if _, ok := cur[p]; !ok {
					diffs = append(diffs, p+" (removed)")
				}
			}
			sort.Strings(diffs)
			require.Len(t, diffs, 2, "only the removed and the edited API's files may change: %v", diffs)
			assert.Contains(t, strings.Join(diffs, " "), fileStem(apis[0].Method)+"_gen.go (removed)")
			assert.Contains(t, strings.Join(diffs, " "), fileStem(apis[1].Method)+"_gen.go")
		})
	}
}

func fileStem(method string) string { return strings.ReplaceAll(method, ".", "_") }

// parseAgain deep-copies a model through YAML.
func parseAgain(t *testing.T, a *model.API) *model.API {
	b, err := model.Marshal(a)
	require.NoError(t, err)
	c, err := model.Unmarshal(a.Method+".yaml", b)
	require.NoError(t, err)
	return c
}

// BenchmarkCorpusGen measures the whole job on the corpus: parse every doc,
// generate, format and write one package per category.
func BenchmarkCorpusGen(b *testing.B) {
	corpus := corpusDir(b)
	b.ReportAllocs()
	var docs int
	for i := 0; b.Loop(); i++ {
		out := b.TempDir()
		code := run([]string{"gen", "-group", "dir", "-o", out, corpus}, io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("topgen gen exited %d", code)
		}
		if docs == 0 {
			files, _ := filepath.Glob(filepath.Join(corpus, "*", "*.json"))
			docs = len(files)
		}
	}
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
	_ = docs
}
