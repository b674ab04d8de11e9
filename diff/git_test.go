package diff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitRepo makes a repository in a temporary folder with the seed models
// committed under specs/, and returns its path.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %s: %s", strings.Join(args, " "), out)
	}
	run("init", "-q")
	run("config", "user.email", "test@example.com")
	run("config", "user.name", "test")
	run("config", "commit.gpgsign", "false")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "specs", "pay"), 0o755))
	seeds, err := filepath.Glob("testdata/seeds/*.yaml")
	require.NoError(t, err)
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "specs", "pay", filepath.Base(s)), data, 0o644))
	}
	// A page beside the models is not a model: --git reads *.yaml only.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "specs", "notes.txt"), []byte("not a model"), 0o644))
	run("add", ".")
	run("commit", "-q", "-m", "models")
	return dir
}

func TestGit(t *testing.T) {
	dir := gitRepo(t)
	nlife := filepath.Join(dir, "specs", "pay", "alibaba.nlife.b2c.trade.pay.yaml")

	// Unchanged working tree: nothing to report.
	code, out, stderr := runMain("-C", dir, "--git", "HEAD", "--fail-on", "info")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "0 breaking, 0 warnings, 0 info\n", out)

	// Edit: remove a nested request field, delete a model, add one.
	data, err := os.ReadFile(nlife)
	require.NoError(t, err)
	edited := strings.Replace(string(data), "      - name: buyer_id\n        type: String\n        example: \"294344535\"\n        description: 买家id\n", "", 1)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(nlife, []byte(edited), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dir, "specs", "pay", "alibaba.diantao.tripartite.right.pay.notify.yaml")))
	added, err := os.ReadFile("testdata/golden/mixed/new/test.mixed.added.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "specs", "test.mixed.added.yaml"), added, 0o644))

	code, out, stderr = runMain("-C", dir, "--git", "HEAD", "--format", "json", "--fail-on", "breaking")
	require.Equal(t, 1, code, stderr)
	rep := decodeReport(t, out)
	assert.Equal(t, "HEAD:specs", rep.Old)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, strings.Join([]string{string(f.Rule), f.API, f.Where(), f.File}, " | "))
	}
	assert.Equal(t, []string{
		"api-removed | alibaba.diantao.tripartite.right.pay.notify |  | specs/pay/alibaba.diantao.tripartite.right.pay.notify.yaml",
		"request-field-removed | alibaba.nlife.b2c.trade.pay | request fund_bill_list[].buyer_id | specs/pay/alibaba.nlife.b2c.trade.pay.yaml",
		"api-added | test.mixed.added |  | specs/test.mixed.added.yaml",
	}, got)
	// A removed field is located at its parent field in NEW.
	assert.Equal(t, 15, rep.Findings[1].Line)

	// From a subfolder, PATH is relative to it and files stay relative to the root.
	code, out, stderr = runMain("-C", filepath.Join(dir, "specs"), "--git", "HEAD", "--format", "github", "pay")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "::error file=specs/pay/alibaba.nlife.b2c.trade.pay.yaml,line=15,title=request-field-removed")
	assert.NotContains(t, out, "test.mixed.added")

	// Errors: unknown revision, a broken model in the working tree.
	code, _, stderr = runMain("-C", dir, "--git", "no-such-branch")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `git revision "no-such-branch" not found`)
	code, _, stderr = runMain("-C", dir, "--git", "HEAD", "no/such/path")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no models")
	require.NoError(t, os.WriteFile(nlife, []byte("method: [\n"), 0o644))
	code, _, stderr = runMain("-C", dir, "--git", "HEAD")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "alibaba.nlife.b2c.trade.pay.yaml")
}
