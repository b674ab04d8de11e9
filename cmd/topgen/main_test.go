package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// topgen runs the command in-process and returns exit code, stdout, stderr.
func topgen(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	code, _, stderr := topgen()
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "usage")
	code, _, stderr = topgen("frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown command "frobnicate"`)
}

// TestGeneratedIsUpToDate: generated/ is what `topgen gen` makes of specs/.
func TestGeneratedIsUpToDate(t *testing.T) {
	specs := filepath.Join("..", "..", "specs")
	out := filepath.Join("..", "..", "generated")
	code, _, stderr := topgen("gen", "-check", "-o", out, specs)
	assert.Equal(t, 0, code, "generated/ is stale; run `go run ./cmd/topgen gen`:\n%s", stderr)
}

// TestSpecModelsAreUpToDate: every committed model is what `topgen parse`
// makes of its page today.
func TestSpecModelsAreUpToDate(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "specs", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	dir := t.TempDir()
	// A folder argument parses the pages in it (the models there are not pages).
	code, stdout, stderr := topgen("parse", "-o", dir, filepath.Join("..", "..", "specs"))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, len(pages), strings.Count(stdout, "->"), stdout)
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p), ".txt") + ".yaml"
		want, err := os.ReadFile(filepath.Join("..", "..", "specs", name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "specs/%s is stale: run `go run ./cmd/topgen parse specs/*.txt`", name)
	}
}

func TestParseWritesModelsAndFieldsListsThem(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join("..", "..", "specs", "alibaba.nlife.b2c.trade.pay.txt")
	code, stdout, stderr := topgen("parse", "-o", dir, page)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "alibaba.nlife.b2c.trade.pay.yaml")
	model := filepath.Join(dir, "alibaba.nlife.b2c.trade.pay.yaml")

	// fields on the page and on the model agree, line for line.
	code, fromPage, stderr := topgen("fields", page)
	require.Equal(t, 0, code, stderr)
	code, fromModel, stderr := topgen("fields", model)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, fromPage, fromModel)
	assert.Contains(t, fromPage, "alibaba.nlife.b2c.trade.pay\trequest\tfund_bill_list[].amount\tNumber\trequired\t\n")
	assert.Contains(t, fromPage, "alibaba.nlife.b2c.trade.pay\trequest\ttrade_no\tString\toptional\tmax_length=64\n")
	assert.Contains(t, fromPage, "alibaba.nlife.b2c.trade.pay\tresponse\tgmt_payment\tDate\t-\t\n")
}

func TestParseErrorsWriteNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\"name\": \"a.b.c\",\n \"requestParams\": [{\"type\": \"String\"},\n {\"name\": \"x\", \"type\": \"Str-ing\"}]}"), 0o644))
	out := filepath.Join(dir, "out")
	code, _, stderr := topgen("parse", "-o", out, bad)
	assert.Equal(t, 1, code)
	// Every problem, each with file and line.
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	assert.GreaterOrEqual(t, len(lines), 2, stderr)
	for _, l := range lines {
		assert.Regexp(t, `bad\.json:\d+: `, l)
	}
	_, err := os.Stat(filepath.Join(out, "a.b.c.yaml"))
	assert.True(t, os.IsNotExist(err), "no partial model written")
}

func TestParseFailureKeepsEarlierModel(t *testing.T) {
	dir := t.TempDir()
	good := `{"name":"a.b.c","requestParams":[{"name":"x","type":"String"}]}`
	page := filepath.Join(dir, "a.b.c.json")
	require.NoError(t, os.WriteFile(page, []byte(good), 0o644))
	code, _, stderr := topgen("parse", page)
	require.Equal(t, 0, code, stderr)
	modelPath := filepath.Join(dir, "a.b.c.yaml")
	before, err := os.ReadFile(modelPath)
	require.NoError(t, err)

	require.NoError(t, os.WriteFile(page, []byte(`{"name":"a.b.c","requestParams":[{"name":"x","type":"List<Bad>"}]}`), 0o644))
	code, _, _ = topgen("parse", page)
	assert.Equal(t, 1, code)
	after, err := os.ReadFile(modelPath)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "a failed parse leaves the earlier model intact")
}

func TestGenWritesChecksAndCleans(t *testing.T) {
	dir := t.TempDir()
	specs := filepath.Join(dir, "specs")
	require.NoError(t, os.MkdirAll(specs, 0o755))
	for _, m := range []string{"alibaba.nlife.b2c.trade.pay", "alibaba.diantao.tripartite.right.pay.notify"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "specs", m+".yaml"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(specs, m+".yaml"), b, 0o644))
	}
	out := filepath.Join(dir, "gen")
	code, stdout, stderr := topgen("gen", "-o", out, specs)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "2 APIs")
	nlife := filepath.Join(out, "nlife", "alibaba_nlife_b2c_trade_pay_gen.go")
	require.FileExists(t, nlife)
	hand := filepath.Join(out, "nlife", "helpers.go")
	require.NoError(t, os.WriteFile(hand, []byte("package nlife\n"), 0o644))

	code, _, _ = topgen("gen", "-check", "-o", out, specs)
	assert.Equal(t, 0, code, "fresh output passes -check")

	// Remove one API: -check fails and writes nothing; gen removes only the
	// generated files, never the hand-written one.
	require.NoError(t, os.Remove(filepath.Join(specs, "alibaba.nlife.b2c.trade.pay.yaml")))
	code, _, stderr = topgen("gen", "-check", "-o", out, specs)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "alibaba_nlife_b2c_trade_pay_gen.go")
	assert.FileExists(t, nlife, "-check writes nothing")
	code, _, stderr = topgen("gen", "-o", out, specs)
	require.Equal(t, 0, code, stderr)
	assert.NoFileExists(t, nlife)
	assert.FileExists(t, hand, "hand-written files are never removed")
}

func TestGenGroupAndPackageFlags(t *testing.T) {
	specs := filepath.Join("..", "..", "specs")
	out := t.TempDir()
	code, _, stderr := topgen("gen", "-pkg", "sdk", "-o", out, specs)
	require.Equal(t, 0, code, stderr)
	files, err := filepath.Glob(filepath.Join(out, "*_gen.go"))
	require.NoError(t, err)
	assert.Len(t, files, 4, "three APIs and the client, in one package")
	code, _, stderr = topgen("gen", "-group", "nope", "-o", out, specs)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-group")
}

// Stale removal reaches the output root and its package folders only: the
// output of another run in a deeper folder is never deleted.
func TestGenLeavesDeeperOutputAlone(t *testing.T) {
	root := t.TempDir()
	specs := filepath.Join("..", "..", "specs")
	nested := filepath.Join(root, "nlife", "extra")
	code, _, stderr := topgen("gen", "-pkg", "extra", "-o", nested, filepath.Join(specs, "alibaba.nlife.b2c.trade.pay.yaml"))
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := topgen("gen", "-o", root, filepath.Join(specs, "alibaba.diantao.tripartite.right.pay.notify.yaml"))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "0 removed")
	assert.FileExists(t, filepath.Join(nested, "alibaba_nlife_b2c_trade_pay_gen.go"))
}
