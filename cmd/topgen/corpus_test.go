package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
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

// writeModule makes dir a module that builds generated code against this
// repo's runtime. Its path lies under topgen's, so that its tests may use
// internal/gentest.
func writeModule(tb testing.TB, dir string) {
	tb.Helper()
	mod := "module github.com/topgen/topgen/corpussdk\n\ngo 1.26\n\nrequire github.com/topgen/topgen v0.0.0\n\nreplace github.com/topgen/topgen => " + repoRoot(tb) + "\n"
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
}

func goCmd(tb testing.TB, dir string, args ...string) string {
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
	return string(out)
}

// corpusSDK is the corpus SDK generated once per test binary and shared
// by the tests that build, vet and call it.
type corpusSDK struct {
	once    sync.Once
	dir     string // the generated module, "" when generation failed
	summary string // what gen printed and the size of the output
	err     string // why generation failed
}

// sdk returns the module of the corpus SDK: one package per category and
// the end-to-end test, generated once (skipping when the corpus is absent).
func (c *corpusSDK) sdk(t *testing.T) string {
	t.Helper()
	corpus := corpusDir(t)
	if testing.Short() {
		t.Skip("builds the whole corpus SDK")
	}
	c.once.Do(func() { c.generate(t, corpus) })
	if c.dir == "" {
		t.Fatal(c.err)
	}
	t.Log(c.summary)
	return c.dir
}

var shared corpusSDK // set once by sdk; tests only read it

func (c *corpusSDK) generate(t *testing.T, corpus string) {
	c.err = "generating the corpus SDK failed (see the first test that asked for it)"
	dir, err := os.MkdirTemp("", "corpussdk")
	require.NoError(t, err)
	sharedDirs = append(sharedDirs, dir)
	var stdout, stderr bytes.Buffer
	code := run([]string{"gen", "-group", "dir", "-o", dir, corpus}, &stdout, &stderr)
	require.Equal(t, 0, code, "topgen gen: %s", stderr.String())

	var files, lines int
	dirs := map[string]bool{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
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
	require.Len(t, dirs, len(cats), "one package per category")
	docs, err := filepath.Glob(filepath.Join(corpus, "*", "*.json"))
	require.NoError(t, err)
	apis := len(docs) - len(cats)
	// Generated Go stays small: at most 130 lines per API on average.
	require.LessOrEqual(t, lines, 130*apis, "generated lines per API")
	c.summary = fmt.Sprintf("%s; %d packages, %d files, %d lines of Go, %d per API",
		strings.TrimSpace(stdout.String()), len(dirs), files, lines, lines/max(apis, 1))

	writeModule(t, dir)
	writeCorpusE2E(t, dir, corpus)
	c.dir = dir
}

// sharedDirs are removed by TestMain after all tests ran.
var sharedDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range sharedDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// TestCorpusBuildVet builds and vets every generated package of the corpus
// SDK (go vet compiles what it checks).
func TestCorpusBuildVet(t *testing.T) {
	goCmd(t, shared.sdk(t), "vet", "./...")
}

// TestCorpusE2E calls every generated method of the corpus SDK against a
// fake gateway in all three response forms (the build is reused from the
// shared cache).
func TestCorpusE2E(t *testing.T) {
	out := goCmd(t, shared.sdk(t), "test", "-count=1", "-vet=off", "-v", ".")
	// The exercise's summary: calls, byte values, odd shapes served.
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "e2e_test.go:") {
			t.Log(strings.TrimSpace(line))
		}
	}
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
