package diff

import (
	"bytes"
	"encoding/json"
	"flag"
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

var update = flag.Bool("update", os.Getenv("TOPGEN_UPDATE") == "1", "rewrite golden files")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./diff -update")
	assert.Equal(t, string(want), string(got), "golden file %s differs; run go test ./diff -update and review", path)
}

// runMain runs Main and returns its exit status, stdout and stderr.
func runMain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func decodeReport(t *testing.T, out string) *report {
	t.Helper()
	var r report
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	return &r
}

func TestRules(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	require.NoError(t, err)
	have := map[string]bool{}
	for _, d := range dirs {
		have[d.Name()] = true
	}
	for _, ri := range allRules() {
		t.Run(string(ri.Rule), func(t *testing.T) {
			dir := filepath.Join("testdata", "rules", string(ri.Rule))
			require.True(t, have[string(ri.Rule)], "no test case for rule %s in %s", ri.Rule, dir)
			delete(have, string(ri.Rule))
			args := []string{"-C", dir, "old.yaml", "new.yaml"}
			if _, err := os.Stat(filepath.Join(dir, "ignore.yaml")); err == nil {
				args = append(args, "--ignore", "ignore.yaml")
			}
			code, out, stderr := runMain(append(args, "--format", "json")...)
			require.Equal(t, 0, code, stderr)
			var hit *finding
			for _, f := range decodeReport(t, out).Findings {
				if f.Rule == ri.Rule && !f.Ignored {
					hit = &f
					break
				}
			}
			require.NotNil(t, hit, "rule %s not reported:\n%s", ri.Rule, out)
			assert.NotEmpty(t, hit.Message)
			assert.NotEmpty(t, hit.File)
			if ri.Rule != requestEnumValueRemoved && ri.Rule != requestTypeChanged && ri.Rule != responseTypeChanged {
				assert.Equal(t, ri.Severity, hit.Severity)
				assert.Equal(t, ri.Breaks, hit.Breaks)
			}
			code, out, stderr = runMain(args...)
			require.Equal(t, 0, code, stderr)
			golden(t, filepath.Join(dir, "want.txt"), []byte(out))
		})
	}
	for d := range have {
		t.Errorf("testdata/rules/%s names no rule", d)
	}
}

func TestRuleOverrides(t *testing.T) {
	// A removed request enum value whose Go constant disappears breaks both.
	code, out, _ := runMain("-C", "testdata/rules/request-enum-value-removed", "--format", "json", "old.yaml", "new.yaml")
	require.Equal(t, 0, code)
	f := decodeReport(t, out).Findings[0]
	assert.Equal(t, sevBreaking, f.Severity)
	assert.Equal(t, breaksBoth, f.Breaks)

	// A type change that keeps the Go type breaks the wire only.
	old := &model.API{Method: "m", Request: []*model.Field{{Name: "x", Type: "String"}}}
	new := &model.API{Method: "m", Request: []*model.Field{{Name: "x", Type: "Json"}}}
	same := goIdentsFunc(func(a *model.API) ([]ident, error) {
		return []ident{{Path: "request.x", Kind: "field", Name: "M.X", GoType: "string"}}, nil
	})
	fs, err := compare(old, new, options{Go: same})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, requestTypeChanged, fs[0].Rule)
	assert.Equal(t, breaksWire, fs[0].Breaks)

	fs, err = compare(old, new, options{})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, breaksBoth, fs[0].Breaks)
}

func TestRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	for _, ri := range allRules() {
		assert.Regexp(t, `(?m)^//\t`+string(ri.Rule)+` +`+string(ri.Severity)+` +`+string(ri.Breaks)+` `, string(doc), "doc.go must list %s", ri.Rule)
	}
}

func TestFormats(t *testing.T) {
	for format, ext := range map[string]string{"text": "txt", "markdown": "md", "json": "json", "github": "github"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runMain("-C", "testdata", "--format", format,
				"--ignore", "golden/mixed/ignore.yaml", "seeds", "golden/mixed/new")
			require.Equal(t, 0, code, stderr)
			golden(t, filepath.Join("testdata", "golden", "mixed."+ext), []byte(out))
		})
	}
}

func TestSortedAndDeterministic(t *testing.T) {
	_, a, _ := runMain("-C", "testdata", "--format", "json", "seeds", "golden/mixed/new")
	_, b, _ := runMain("-C", "testdata", "--format", "json", "seeds", "golden/mixed/new")
	require.Equal(t, a, b)
	fs := decodeReport(t, a).Findings
	assert.True(t, sort.SliceIsSorted(fs, func(i, j int) bool {
		x, y := fs[i], fs[j]
		if x.API != y.API {
			return x.API < y.API
		}
		if x.Severity != y.Severity {
			return x.Severity.Rank() > y.Severity.Rank()
		}
		return x.Where() < y.Where()
	}))
}

func TestExitCodes(t *testing.T) {
	tmp := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(tmp, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	acceptRemoval := write("accept.yaml", "- rule: request-field-removed\n  path: request bills[].amount\n  reason: accepted in review\n")
	stale := write("stale.yaml", "- rule: api-removed\n  api: nope\n  reason: kept by mistake\n")
	noReason := write("noreason.yaml", "- rule: api-removed\n  api: x\n")
	badRule := write("badrule.yaml", "- rule: api-gone\n  reason: x\n")
	notList := write("notlist.yaml", "rule: api-removed\n")
	badKey := write("badkey.yaml", "- rule: api-removed\n  reason: x\n  note: y\n")
	badModel := write("bad.yaml", "method: x\nsource: {format: text}\nrequest:\n  - {name: a, type: String, colour: red}\n")
	seed := filepath.Join("testdata", "seeds", "alibaba.nlife.b2c.trade.pay.yaml")
	dup := filepath.Join(tmp, "dup")
	require.NoError(t, os.MkdirAll(dup, 0o755))
	data, err := os.ReadFile(seed)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dup, "a.yaml"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dup, "b.yaml"), data, 0o644))

	removed := filepath.Join("testdata", "rules", "request-field-removed")
	added := filepath.Join("testdata", "rules", "request-field-added")
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{"identical", []string{seed, seed}, 0, "", "0 breaking, 0 warnings, 0 info"},
		{"identical fail-on info", []string{"--fail-on", "info", "testdata/seeds", "testdata/seeds"}, 0, "", ""},
		{"breaking no fail-on", []string{removed + "/old.yaml", removed + "/new.yaml"}, 0, "", "request-field-removed"},
		{"breaking fail-on breaking", []string{"--fail-on", "breaking", removed + "/old.yaml", removed + "/new.yaml"}, 1, "", ""},
		{"flags after operands", []string{removed + "/old.yaml", removed + "/new.yaml", "--fail-on=warning"}, 1, "", ""},
		{"info below fail-on warning", []string{"--fail-on", "warning", added + "/old.yaml", added + "/new.yaml"}, 0, "", "request-field-added"},
		{"info fail-on info", []string{"--fail-on", "info", added + "/old.yaml", added + "/new.yaml"}, 1, "", ""},
		{"ignored below fail-on", []string{"--fail-on", "info", "--ignore", acceptRemoval, removed + "/old.yaml", removed + "/new.yaml"}, 0, "", "1 ignored"},
		{"stale ignore fails warning", []string{"--fail-on", "warning", "--ignore", stale, seed, seed}, 1, "", "stale-ignore"},
		{"stale ignore under breaking", []string{"--fail-on", "breaking", "--ignore", stale, seed, seed}, 0, "", "matches no finding"},
		{"help", []string{"-h"}, 0, "usage: topgen diff", ""},
		{"missing file", []string{seed, filepath.Join(tmp, "nope.yaml")}, 2, "nope.yaml", ""},
		{"one operand", []string{seed}, 2, "want OLD and NEW", ""},
		{"bad format", []string{"--format", "xml", seed, seed}, 2, "bad --format", ""},
		{"bad fail-on", []string{"--fail-on", "fatal", seed, seed}, 2, "bad --fail-on", ""},
		{"unknown flag", []string{"--colour", seed, seed}, 2, "colour", ""},
		{"ignore without reason", []string{"--ignore", noReason, seed, seed}, 2, "reason is required", ""},
		{"ignore unknown rule", []string{"--ignore", badRule, seed, seed}, 2, `unknown rule "api-gone"`, ""},
		{"ignore not a list", []string{"--ignore", notList, seed, seed}, 2, "want a list", ""},
		{"ignore unknown key", []string{"--ignore", badKey, seed, seed}, 2, `unknown key "note"`, ""},
		{"ignore missing", []string{"--ignore", filepath.Join(tmp, "none.yaml"), seed, seed}, 2, "reading ignore file", ""},
		{"bad model", []string{seed, badModel}, 2, `unknown key "colour"`, ""},
		{"duplicate method", []string{seed, dup}, 2, "alibaba.nlife.b2c.trade.pay", ""},
		{"git with two paths", []string{"--git", "HEAD", "a", "b"}, 2, "at most one PATH", ""},
		{"git outside a repository", []string{"-C", tmp, "--git", "HEAD"}, 2, "git", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runMain(c.args...)
			assert.Equal(t, c.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			assert.Contains(t, stderr, c.stderr)
			assert.Contains(t, out, c.stdout)
			if c.code == 2 {
				assert.NotEmpty(t, stderr)
				assert.Empty(t, out)
			}
		})
	}
}

func TestIgnoreMatching(t *testing.T) {
	f := finding{Rule: requestFieldRemoved, API: "alibaba.nlife.b2c.trade.pay", Section: model.Request, Path: "fund_bill_list[].amount"}
	for pat, want := range map[ignoreEntry]bool{
		{Rule: requestFieldRemoved}:                                      true,
		{Rule: requestFieldAdded}:                                        false,
		{Rule: requestFieldRemoved, API: "alibaba.nlife.*"}:              true,
		{Rule: requestFieldRemoved, API: "taobao.*"}:                     false,
		{Rule: requestFieldRemoved, Path: "fund_bill_list[].amount"}:     true,
		{Rule: requestFieldRemoved, Path: "request fund_bill_list[].*"}:  true,
		{Rule: requestFieldRemoved, Path: "response fund_bill_list[].*"}: false,
		{Rule: requestFieldRemoved, Path: "*amount"}:                     true,
		{Rule: requestFieldRemoved, Path: "fund_bill_list[].amount_fen"}: false,
		{Rule: requestFieldRemoved, Path: "fund_*_list[].*"}:             true,
		{Rule: requestFieldRemoved, API: "*", Path: "*.amount"}:          true,
		{Rule: requestFieldRemoved, API: "alibaba.nlife.b2c.trade.payx"}: false,
	} {
		assert.Equal(t, want, pat.Matches(f), "%+v", pat)
	}
}

// TestSelf: diffing a model against itself reports nothing.
func TestSelf(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/seeds/*.yaml", "../specs/*.yaml", "testdata/golden/mixed/new/*.yaml"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		api, _, err := parser.Load(f)
		require.NoError(t, err, f)
		fs, err := compare(api, api, options{})
		require.NoError(t, err)
		assert.Empty(t, fs, f)
		// A separately loaded copy is equal too.
		again, _, err := parser.Load(f)
		require.NoError(t, err)
		fs, err = compare(api, again, options{})
		require.NoError(t, err)
		assert.Empty(t, fs, f)
	}
}

// TestNoChange: document order and whitespace in descriptions are not findings.
func TestNoChange(t *testing.T) {
	api, _, err := parser.Load("testdata/seeds/alibaba.nlife.b2c.trade.pay.yaml")
	require.NoError(t, err)
	moved := cloneAPI(api)
	reverse := func(fs []*model.Field) {
		for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
			fs[i], fs[j] = fs[j], fs[i]
		}
	}
	reverse(moved.Request)
	reverse(moved.Response)
	moved.Request[len(moved.Request)-2].Description = "  " + strings.ReplaceAll(api.Request[1].Description, " ", "\t ") + "\n"
	fs, err := compare(api, moved, options{})
	require.NoError(t, err)
	assert.Empty(t, fs)
}

// TestTypeReportedAtEachPath: a change to a type used in several places is
// reported at each path.
func TestTypeReportedAtEachPath(t *testing.T) {
	bill := func(withAmount bool) *model.Field {
		f := &model.Field{Name: "x", Type: "FundBill", Fields: []*model.Field{{Name: "id", Type: "String"}}}
		if withAmount {
			f.Fields = append(f.Fields, &model.Field{Name: "amount", Type: "Number"})
		}
		return f
	}
	mk := func(withAmount bool) *model.API {
		a, b := bill(withAmount), bill(withAmount)
		a.Name, b.Name, b.List = "paid", "refunded", true
		return &model.API{Method: "m", Request: []*model.Field{a, b}}
	}
	fs, err := compare(mk(true), mk(false), options{})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Rule)+" "+f.Where())
	}
	assert.Equal(t, []string{
		"request-field-removed request paid.amount",
		"request-field-removed request refunded[].amount",
	}, got)
}

func TestGoAPIError(t *testing.T) {
	api := &model.API{Method: "m"}
	_, err := compare(api, api, options{Go: goIdentsFunc(func(*model.API) ([]ident, error) {
		return nil, os.ErrInvalid
	})})
	assert.ErrorIs(t, err, os.ErrInvalid)
}

// cloneAPI deep-copies a model's fields and constraints.
func cloneAPI(a *model.API) *model.API {
	c := *a
	c.Request = cloneFields(a.Request)
	c.Response = cloneFields(a.Response)
	c.Constraints = append([]model.Constraint(nil), a.Constraints...)
	return &c
}

func cloneFields(fs []*model.Field) []*model.Field {
	if fs == nil {
		return nil
	}
	out := make([]*model.Field, len(fs))
	for i, f := range fs {
		c := *f
		c.Enum = append([]model.EnumValue(nil), f.Enum...)
		c.Fields = cloneFields(f.Fields)
		out[i] = &c
	}
	return out
}

// TestSharedTypeNoSplit: every use of a TOP type is its own Go type,
// named after its path, so changing one use renames nothing at the other.
func TestSharedTypeNoSplit(t *testing.T) {
	user := func(name string, list bool) *model.Field {
		return &model.Field{Name: name, Type: "OpenImUser", List: list, Fields: []*model.Field{
			{Name: "uid", Type: "String"}, {Name: "app_key", Type: "String"}}}
	}
	old := &model.API{Method: "taobao.openim.tribe.create", Request: []*model.Field{user("user", false), user("members", true)}}
	new := cloneAPI(old)
	new.Request[0].Fields[0].Required = true
	fs, err := compare(old, new, options{})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Rule)+" "+f.Where()+": "+f.Message)
	}
	assert.Equal(t, []string{"request-field-now-required request user.uid: optional → required"}, got)
}

// TestSpellingVariants: "FundBill []" and "FundBill[]" on a page are the
// same model, so no change.
func TestSpellingVariants(t *testing.T) {
	page := filepath.Join("..", "specs", "alibaba.nlife.b2c.trade.pay.txt")
	data, err := os.ReadFile(page)
	require.NoError(t, err) // committed: its absence is a broken checkout
	variant := strings.Replace(string(data), "FundBill []", "FundBill[]", 1)
	require.NotEqual(t, string(data), variant)
	dir := t.TempDir()
	other := filepath.Join(dir, filepath.Base(page))
	require.NoError(t, os.WriteFile(other, []byte(variant), 0o644))
	code, out, stderr := runMain("--fail-on", "info", page, other)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, "0 breaking, 0 warnings, 0 info\n", out)
}

func TestBriefPair(t *testing.T) {
	o, n := briefPair("the same long opening words, and then: the old tail", "the same long opening words, and then: the new tail")
	assert.Equal(t, `"…en: the old tail"`, o)
	assert.Equal(t, `"…en: the new tail"`, n)
	o, n = briefPair("short", "shorter")
	assert.Equal(t, `"short"`, o)
	assert.Equal(t, `"shorter"`, n)
}

// TestWireSemantics: labels follow what the official SDK puts on the wire
// (hand-written expectations from the Java SDK's behaviour: list
// parameters travel as one comma-joined string; response Json and Price
// are JSON strings, read as String).
func TestWireSemantics(t *testing.T) {
	f := func(name, typ string, list bool, enum ...string) *model.Field {
		fl := &model.Field{Name: name, Type: typ, List: list}
		for _, v := range enum {
			fl.Enum = append(fl.Enum, model.EnumValue{Value: v})
		}
		return fl
	}
	obj := func(name string, list bool, fs ...*model.Field) *model.Field {
		return &model.Field{Name: name, Type: "Info", List: list, Fields: fs}
	}
	cases := []struct {
		name     string
		old, new *model.API
		want     []string
	}{
		{"top-level request Number[] → String[] is wire-identical",
			&model.API{Request: []*model.Field{f("ids", "Number", true)}},
			&model.API{Request: []*model.Field{f("ids", "String", true)}},
			[]string{"go-type-changed go request ids"}},
		{"nested request Number[] → String[] changes the JSON",
			&model.API{Request: []*model.Field{obj("o", false, f("ids", "Number", true))}},
			&model.API{Request: []*model.Field{obj("o", false, f("ids", "String", true))}},
			[]string{"request-type-changed both request o.ids"}},
		{"top-level request Number → String is a change of kind",
			&model.API{Request: []*model.Field{f("id", "Number", false)}},
			&model.API{Request: []*model.Field{f("id", "String", false)}},
			[]string{"request-type-changed both request id"}},
		{"response Price → String",
			&model.API{Response: []*model.Field{f("fee", "Price", false)}},
			&model.API{Response: []*model.Field{f("fee", "String", false)}},
			[]string{"go-type-changed go response fee"}},
		{"response String → Json, nested in a list",
			&model.API{Response: []*model.Field{obj("o", true, f("ext", "String", false))}},
			&model.API{Response: []*model.Field{obj("o", true, f("ext", "Json", false))}},
			[]string{"go-type-changed go response o[].ext"}},
		{"response Double → String is not wire-identical (a JSON number)",
			&model.API{Response: []*model.Field{f("rate", "Double", false)}},
			&model.API{Response: []*model.Field{f("rate", "String", false)}},
			[]string{"response-type-changed both response rate"}},
		{"an enum alias int64 → string at the top level",
			&model.API{Request: []*model.Field{f("kinds", "Number", true, "1", "2")}},
			&model.API{Request: []*model.Field{f("kinds", "String", true, "1", "2")}},
			[]string{"go-type-changed go request kinds"}},
		{"a response enum alias top.Int → string breaks Go too",
			&model.API{Response: []*model.Field{f("state", "Number", false, "1", "2")}},
			&model.API{Response: []*model.Field{f("state", "String", false, "1", "2")}},
			[]string{"response-type-changed both response state"}},
		{"a scalar becomes an object: its sub-fields are reported",
			&model.API{Response: []*model.Field{f("info", "String", false)}},
			&model.API{Response: []*model.Field{obj("info", false, f("a", "String", false), f("b", "Number", false))}},
			[]string{"response-type-changed both response info", "response-field-added none response info.a", "response-field-added none response info.b"}},
		{"an object becomes a list: its sub-fields are still compared",
			&model.API{Request: []*model.Field{obj("o", false, f("a", "String", false), f("b", "Number", false))}},
			&model.API{Request: []*model.Field{obj("o", true, f("a", "String", false), &model.Field{Name: "c", Type: "String", Required: true})}},
			[]string{"request-type-changed both request o", "request-field-removed both request o[].b", "request-field-added-required wire request o[].c"}},
		{"white space only in a description is no change",
			&model.API{Description: "状态：1上午, 2下午", Response: []*model.Field{{Name: "s", Type: "String", Description: "a  b\u200b"}}},
			&model.API{Description: "状态： 1上午,2下午 ", Response: []*model.Field{{Name: "s", Type: "String", Description: "a b"}}},
			nil},
		{"a field that starts listing values gained no value",
			&model.API{Response: []*model.Field{f("s", "String", false)}},
			&model.API{Response: []*model.Field{f("s", "String", false, "A", "B")}},
			nil},
		{"a value added to a listed enum is news",
			&model.API{Response: []*model.Field{f("s", "String", false, "A")}},
			&model.API{Response: []*model.Field{f("s", "String", false, "A", "B")}},
			[]string{"response-enum-value-added none response s"}},
		{"case-only TOP type rename is no change",
			&model.API{Response: []*model.Field{{Name: "p", Type: "PoiDto", Fields: []*model.Field{f("a", "String", false)}}}},
			&model.API{Response: []*model.Field{{Name: "p", Type: "POIDTO", Fields: []*model.Field{f("a", "String", false)}}}},
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.old.Method, c.new.Method = "taobao.x.get", "taobao.x.get"
			fs, err := compare(c.old, c.new, options{})
			require.NoError(t, err)
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s %s %s", f.Rule, f.Breaks, f.Where()))
			}
			sort.Strings(got)
			want := append([]string(nil), c.want...)
			sort.Strings(want)
			assert.Equal(t, want, got)
		})
	}
}
