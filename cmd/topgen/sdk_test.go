package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedPage reads one of this repository's seed pages.
func seedPage(t *testing.T, method string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "specs", method+".txt"))
	require.NoError(t, err)
	return b
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// sdkRepo lays out an SDK maintainer's repo: topgen.yaml, docs in two
// folders under corpus-style file names (not <method>.txt), one overlay.
func sdkRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "topgen.yaml"), []byte("docs: docs\nmodels: specs\nout: sdk\ngroup: dir\noverlays: overlays\n"))
	write(t, filepath.Join(root, "docs", "nlife", "alibaba_nlife_b2c_trade_pay.txt"), seedPage(t, "alibaba.nlife.b2c.trade.pay"))
	write(t, filepath.Join(root, "docs", "diantao", "alibaba_diantao_tripartite_right_pay_notify.txt"), seedPage(t, "alibaba.diantao.tripartite.right.pay.notify"))
	write(t, filepath.Join(root, "overlays", "nlife.yaml"), []byte(`- method: alibaba.nlife.b2c.trade.pay
  reason: the doc says 该字段实际为必选
  fields:
    - path: request actual_pay_fee
      required: true
`))
	// The README's layout: the diff ignore file lives beside the models.
	write(t, filepath.Join(root, "specs", "diff-ignore.yaml"), []byte("- rule: description-changed\n  api: alibaba.nlife.b2c.trade.pay\n  reason: wording\n"))
	t.Chdir(root)
	return root
}

// The SDK workflow from a config: parse, gen, regenerate; a hand edit is
// lost but an overlay survives and is recorded; a deleted doc takes its
// model and code away in the same run, and diff reports api-removed.
func TestSDKRepoWorkflow(t *testing.T) {
	root := sdkRepo(t)
	code, stdout, stderr := topgen("parse")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 pages: 2 models written, 0 removed, 0 unchanged")
	m, err := os.ReadFile(filepath.Join(root, "specs", "nlife", "alibaba.nlife.b2c.trade.pay.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(m), "  - name: actual_pay_fee\n    type: Number\n    required: true\n")
	assert.Contains(t, string(m), "overlaid:\n  - 'nlife.yaml: request actual_pay_fee: required true (the doc says 该字段实际为必选)'")

	code, stdout, stderr = topgen("gen", "-v")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 APIs: 4 written")
	assert.Regexp(t, `topgen gen: load \S+, generate \S+, write \S+`, stderr)
	gen := filepath.Join(root, "sdk", "nlife", "alibaba_nlife_b2c_trade_pay_gen.go")
	code2, _ := os.ReadFile(gen)
	assert.Contains(t, string(code2), `v.Required("actual_pay_fee", r.ActualPayFee != nil)`)

	// Regeneration is byte-identical and says so in one line.
	code, stdout, _ = topgen("parse")
	require.Equal(t, 0, code)
	assert.Equal(t, "2 pages: 0 models written, 0 removed, 2 unchanged\n", stdout)

	// A hand edit of a model is overwritten by the next parse; the overlay is not.
	write(t, filepath.Join(root, "specs", "nlife", "alibaba.nlife.b2c.trade.pay.yaml"), []byte(strings.Replace(string(m), "required: true\n", "", 1)))
	code, _, _ = topgen("parse")
	require.Equal(t, 0, code)
	again, _ := os.ReadFile(filepath.Join(root, "specs", "nlife", "alibaba.nlife.b2c.trade.pay.yaml"))
	assert.Equal(t, string(m), string(again))

	// diff works with the ignore file beside the models, and reports a removed doc.
	old := filepath.Join(t.TempDir(), "old")
	require.NoError(t, os.CopyFS(old, os.DirFS(filepath.Join(root, "specs"))))
	require.NoError(t, os.Remove(filepath.Join(root, "docs", "diantao", "alibaba_diantao_tripartite_right_pay_notify.txt")))
	code, stdout, stderr = topgen("parse")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "removed "+filepath.Join("specs", "diantao", "alibaba.diantao.tripartite.right.pay.notify.yaml"))
	assert.FileExists(t, filepath.Join(root, "specs", "diff-ignore.yaml"), "non-model YAML is never removed")
	code, _, stderr = topgen("gen")
	require.Equal(t, 0, code, stderr)
	assert.NoDirExists(t, filepath.Join(root, "sdk", "diantao"), "the removed doc's code goes in the same run")
	code, stdout, stderr = topgen("diff", old, "specs", "--fail-on", "breaking", "--ignore", "specs/diff-ignore.yaml")
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "api-removed")
	assert.Contains(t, stdout, "alibaba.diantao.tripartite.right.pay.notify")
}

// An overlay entry that matches nothing fails the run with its line, and
// leaves the earlier models intact.
func TestSDKRepoUnmatchedOverlay(t *testing.T) {
	root := sdkRepo(t)
	write(t, filepath.Join(root, "overlays", "typo.yaml"), []byte("- method: alibaba.nlife.b2c.trade.pya\n  skip: true\n"))
	code, _, stderr := topgen("parse")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, filepath.Join("overlays", "typo.yaml")+":1: overlay for alibaba.nlife.b2c.trade.pya matches no API")
}

// Two docs with one method are an error naming both files; neither model is written.
func TestParseDuplicateMethod(t *testing.T) {
	page := seedPage(t, "alibaba.nlife.b2c.trade.pay")
	root := sdkRepo(t)
	write(t, filepath.Join(root, "docs", "diantao", "copy.txt"), page)
	code, _, stderr := topgen("parse")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "method alibaba.nlife.b2c.trade.pay is also declared by")
	assert.Contains(t, stderr, "copy.txt")
	assert.Contains(t, stderr, "alibaba_nlife_b2c_trade_pay.txt")
	assert.NoFileExists(t, filepath.Join(root, "specs", "nlife", "alibaba.nlife.b2c.trade.pay.yaml"))
	assert.NoFileExists(t, filepath.Join(root, "specs", "diantao", "alibaba.nlife.b2c.trade.pay.yaml"))
}

// gen pairs models and pages by method, whatever the pages are called (the
// README's go:generate lines failed with "is also declared by").
func TestGenPairsByMethod(t *testing.T) {
	dir := t.TempDir()
	specs := filepath.Join(dir, "specs")
	write(t, filepath.Join(specs, "alibaba_nlife_b2c_trade_pay.txt"), seedPage(t, "alibaba.nlife.b2c.trade.pay"))
	code, _, stderr := topgen("parse", specs)
	require.Equal(t, 0, code, stderr)
	assert.FileExists(t, filepath.Join(specs, "alibaba.nlife.b2c.trade.pay.yaml"))
	write(t, filepath.Join(specs, "diff-ignore.yaml"), []byte("- rule: api-added\n  api: x.y\n  reason: r\n"))
	code, stdout, stderr := topgen("gen", "-o", filepath.Join(dir, "sdk"), specs)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "1 APIs")
	// Two models of one method are an error naming both.
	m, _ := os.ReadFile(filepath.Join(specs, "alibaba.nlife.b2c.trade.pay.yaml"))
	write(t, filepath.Join(specs, "other.yaml"), m)
	code, _, stderr = topgen("gen", "-o", filepath.Join(dir, "sdk"), specs)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "method alibaba.nlife.b2c.trade.pay is also declared by")
}

// A JSON doc whose name leads out of the folder writes nothing anywhere.
func TestParsePathTraversal(t *testing.T) {
	root := t.TempDir()
	docs := filepath.Join(root, "repo", "specs")
	write(t, filepath.Join(docs, "evil.json"), []byte(`{"name": "../.github/workflows/ci", "apiChineseName": "x", "requestParams": [], "responseParams": [{"name": "a", "type": "String"}]}`))
	code, _, stderr := topgen("parse", docs)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `method "../.github/workflows/ci": want two or more dot-joined segments`)
	assert.NoFileExists(t, filepath.Join(root, "repo", ".github", "workflows", "ci.yaml"))
}

// Temporary files of killed parse runs are removed by the next run.
func TestParseRemovesTempsOfKilledRuns(t *testing.T) {
	root := sdkRepo(t)
	left := filepath.Join(root, "specs", "nlife", ".alibaba.nlife.b2c.trade.pay.yaml.4242.topgen-tmp")
	write(t, left, []byte("partial"))
	code, _, stderr := topgen("parse")
	require.Equal(t, 0, code, stderr)
	assert.NoFileExists(t, left)
}

// Every subcommand answers -h with its arguments, flags and an example;
// flags work after the arguments; unknown flags exit 2 with the usage.
func TestCLIHelpAndFlags(t *testing.T) {
	for _, c := range []string{"init", "parse", "gen", "fields", "diff", "fetch", "version"} {
		code, stdout, stderr := topgen(c, "-h")
		assert.Equal(t, 0, code, c)
		assert.Contains(t, stdout, "usage: topgen "+c, c)
		assert.Contains(t, stdout, "example:", c)
		assert.Empty(t, stderr, c)
		code, _, stderr = topgen(c, "-nope")
		assert.Equal(t, 2, code, c)
		assert.Contains(t, stderr, "-nope", c)
		assert.Contains(t, stderr, "usage: topgen "+c, c)
	}
	code, stdout, _ := topgen("help", "gen")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "-group")
	for _, h := range []string{"-h", "help", "--help"} {
		code, stdout, _ = topgen("help", h) // no endless recursion
		assert.Equal(t, 0, code, h)
		assert.Contains(t, stdout, "commands:", h)
	}
	// "--" ends the flags: everything after it is an argument.
	code, _, stderr := topgen("fields", "--", "-a", "-b")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-a")
	assert.NotContains(t, stderr, "flag provided but not defined")
	// Flags after the arguments.
	out := t.TempDir()
	code, stdout, stderr = topgen("gen", filepath.Join("..", "..", "specs"), "-o", out, "-pkg", "sdk")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "3 APIs")
	assert.FileExists(t, filepath.Join(out, "client_gen.go"))
}

func TestVersionAndInit(t *testing.T) {
	code, stdout, _ := topgen("version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^topgen \S+ .*go1\.`, stdout)
	t.Chdir(t.TempDir())
	code, stdout, stderr := topgen("init")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "wrote topgen.yaml\n", stdout)
	code, _, stderr = topgen("init")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "topgen.yaml exists")
	// The starter config drives parse: no docs yet is an error naming the folder.
	code, _, stderr = topgen("parse")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "docs")
}

// An I/O error names the subcommand and the target file, not a temporary file.
func TestIOErrorNamesTarget(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "specs", "p.txt"), seedPage(t, "alibaba.nlife.b2c.trade.pay"))
	blocker := filepath.Join(dir, "models")
	write(t, blocker, []byte("a file where the models folder should be"))
	code, _, stderr := topgen("parse", "-o", blocker, filepath.Join(dir, "specs"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "topgen parse: writing "+filepath.Join(blocker, "alibaba.nlife.b2c.trade.pay.yaml"))
	assert.NotContains(t, stderr, "topgen-tmp")
}

func TestGenIOErrorNamesTarget(t *testing.T) {
	out := t.TempDir()
	target := filepath.Join(out, "nlife", "alibaba_nlife_b2c_trade_pay_gen.go")
	require.NoError(t, os.MkdirAll(target, 0o755))
	code, _, stderr := topgen("gen", "-o", out, filepath.Join("..", "..", "specs"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "topgen gen: ")
	assert.Contains(t, stderr, target)
	assert.NotContains(t, stderr, "topgen-tmp")
}

// -config FILE works from any folder; paths are relative to the config.
func TestConfigFlag(t *testing.T) {
	root := sdkRepo(t)
	t.Chdir(t.TempDir())
	cfg := filepath.Join(root, "topgen.yaml")
	code, stdout, stderr := topgen("parse", "-config", cfg)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 pages: 2 models written")
	assert.FileExists(t, filepath.Join(root, "specs", "nlife", "alibaba.nlife.b2c.trade.pay.yaml"))
	code, _, stderr = topgen("gen", "-config", cfg, "-group", "method")
	require.Equal(t, 0, code, stderr)
	assert.FileExists(t, filepath.Join(root, "sdk", "nlife", "client_gen.go"), "the flag overrides the config's group")
	// A bad config is refused with its line.
	write(t, cfg, []byte("docs: docs\ngroup: category\n"))
	code, _, stderr = topgen("gen", "-config", cfg)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, cfg+`:2: group "category": want method`)
}

// diff --git with a config compares the config's models folder, with the
// ignore file living beside the models.
func TestDiffGitUsesConfigModels(t *testing.T) {
	root := sdkRepo(t)
	code, _, stderr := topgen("parse")
	require.Equal(t, 0, code, stderr)
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "docs"}} {
		out, err := exec.Command("git", append([]string{"-C", root}, args...)...).CombinedOutput()
		require.NoError(t, err, string(out))
	}
	require.NoError(t, os.Remove(filepath.Join(root, "docs", "diantao", "alibaba_diantao_tripartite_right_pay_notify.txt")))
	code, _, stderr = topgen("parse")
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := topgen("diff", "--git", "HEAD", "--fail-on", "breaking", "--ignore", "specs/diff-ignore.yaml")
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "api-removed")
	assert.Contains(t, stdout, "alibaba.diantao.tripartite.right.pay.notify")
	// --json-out takes a value (not PATH); -config names the config; a
	// config that does not load is an error, not a silent fallback.
	report := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr = topgen("diff", "--git", "HEAD", "--json-out", report, "-config", filepath.Join(root, "topgen.yaml"), "--fail-on", "breaking")
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "api-removed")
	assert.FileExists(t, report)
	code, _, stderr = topgen("diff", "--git", "HEAD", "-config", filepath.Join(root, "missing.yaml"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "missing.yaml")
}
