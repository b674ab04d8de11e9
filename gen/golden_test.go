package gen

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/topgen/topgen/model"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", os.Getenv("TOPGEN_UPDATE") == "1", "rewrite the golden outputs under testdata/cases")

// caseOptions is the optional testdata/cases/<case>/options.yaml.
type caseOptions struct {
	Package string `yaml:"package"`
	Header  string `yaml:"header"`
}

// loadCase reads a golden case's input models and options.
func loadCase(t testing.TB, dir string) ([]*model.API, Options) {
	t.Helper()
	var opts Options
	if b, err := os.ReadFile(filepath.Join(dir, "options.yaml")); err == nil {
		var co caseOptions
		require.NoError(t, yaml.Unmarshal(b, &co))
		opts = Options{Package: co.Package, Header: co.Header}
	}
	paths, err := filepath.Glob(filepath.Join(dir, "input", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "case %s has no input models", dir)
	var apis []*model.API
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		a, err := model.Unmarshal(filepath.Base(p), b)
		require.NoError(t, err, p)
		apis = append(apis, a)
	}
	return apis, opts
}

// readTree returns the files under root by slash path.
func readTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if os.IsNotExist(err) {
		return out
	}
	require.NoError(t, err)
	return out
}

func caseDirs(t testing.TB) []string {
	dirs, err := filepath.Glob("testdata/cases/*")
	require.NoError(t, err)
	sort.Strings(dirs)
	require.NotEmpty(t, dirs)
	return dirs
}

// TestGolden generates every case and compares it with its output/ tree
// (go test ./gen/ -update rewrites them), then compiles and vets all
// golden outputs in one go vet run.
func TestGolden(t *testing.T) {
	dirs := caseDirs(t)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			apis, opts := loadCase(t, dir)
			files, err := Generate(apis, opts)
			require.NoError(t, err)
			out := filepath.Join(dir, "output")
			if *update {
				require.NoError(t, os.RemoveAll(out))
				for _, f := range files {
					p := filepath.Join(out, filepath.FromSlash(f.Path))
					require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
					require.NoError(t, os.WriteFile(p, f.Content, 0o644))
				}
			}
			want := readTree(t, out)
			got := map[string][]byte{}
			for _, f := range files {
				got[f.Path] = f.Content
				require.True(t, IsGenerated(f.Content), f.Path)
			}
			require.Equal(t, sortedKeys(want), sortedKeys(got), "file set differs; run go test ./gen/ -update")
			for p, b := range got {
				require.Equal(t, string(want[p]), string(b), "%s differs; run go test ./gen/ -update", p)
			}
		})
	}
	t.Run("compile", func(t *testing.T) { compileGoldens(t, dirs) })
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// compileGoldens copies every case's output into one temporary module that
// replaces github.com/topgen/topgen with this repository, and runs go vet
// (which type-checks and builds) over all of it at once.
func compileGoldens(t *testing.T, dirs []string) {
	if testing.Short() {
		t.Skip("compiling goldens needs the go tool; skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	tmp := t.TempDir()
	gomod := "module gencheck\n\ngo 1.26\n\nrequire github.com/topgen/topgen v0.0.0\n\nreplace github.com/topgen/topgen => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644))
	for _, dir := range dirs {
		name := strings.NewReplacer("-", "_", ".", "_").Replace(filepath.Base(dir))
		for p, b := range readTree(t, filepath.Join(dir, "output")) {
			dst := filepath.Join(tmp, name, filepath.FromSlash(p))
			require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
			require.NoError(t, os.WriteFile(dst, b, 0o644))
		}
	}
	cmd := exec.Command(goTool, "vet", "./...")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Run(), "go vet of the golden outputs failed:\n%s", out.String())
}
