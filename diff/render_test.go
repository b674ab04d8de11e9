package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// bulkFindings makes n APIs with per findings each of a severity.
func bulkFindings(prefix string, n, per int, sev severity) []finding {
	var fs []finding
	for i := range n {
		for j := range per {
			fs = append(fs, finding{Rule: requestFieldRemoved, Severity: sev, Breaks: breaksBoth,
				API: fmt.Sprintf("%s.api%05d", prefix, i), Section: model.Request, Path: fmt.Sprintf("field_%d", j),
				Message: "request field removed (was String, optional)", File: fmt.Sprintf("specs/%s.api%05d.yaml", prefix, i), Line: 10 + j})
		}
	}
	return fs
}

func markdownOf(t *testing.T, r *report) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, r.Write(&b, "markdown"))
	return b.String()
}

// checkMarkdown checks the shape of a markdown report: within the limit,
// the summary first, balanced <details>, whole tables, and an API shown
// either in full or not at all.
func checkMarkdown(t *testing.T, md string, r *report) {
	t.Helper()
	assert.LessOrEqual(t, len(md), markdownLimit)
	assert.True(t, strings.HasPrefix(md, "## topgen diff: "+fmt.Sprintf("%d breaking", r.Summary.Breaking)), md[:min(200, len(md))])
	assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"))
	// The summary's rule table counts every finding that is not ignored.
	total := 0
	for _, m := range regexp.MustCompile("(?m)^\\| `[a-z-]+` \\| (?:breaking|warning|info) \\| [a-z]+ \\| (\\d+) \\| \\d+ \\|$").FindAllStringSubmatch(md, -1) {
		var n int
		fmt.Sscan(m[1], &n)
		total += n
	}
	assert.Equal(t, r.Summary.Breaking+r.Summary.Warning+r.Summary.Info, total)
	// Every breaking API shown has all its findings.
	per := map[string]int{}
	for _, f := range r.Findings {
		if !f.Ignored {
			per[f.API]++
		}
	}
	blocks := strings.Split(md, "\n### ")
	for _, b := range blocks[1:] {
		api := regexp.MustCompile("^[^`]*`([^`]+)`").FindStringSubmatch(b)
		require.NotNil(t, api, b)
		rows := 0
		for _, line := range strings.Split(b, "\n") {
			if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Severity") && !strings.HasPrefix(line, "| ---") {
				rows++
			}
		}
		assert.Equal(t, per[api[1]], rows, "API %s cut", api[1])
	}
}

func TestMarkdownLimit(t *testing.T) {
	fs := append(bulkFindings("taobao.break", 2000, 3, sevBreaking), bulkFindings("taobao.warn", 300, 2, sevWarning)...)
	fs = append(fs, bulkFindings("taobao.info", 300, 2, sevInfo)...)
	sortFindings(fs)
	r := newReport("origin/main:specs", "specs", fs)
	r.jsonPath = "diff.json"
	md := markdownOf(t, r)
	checkMarkdown(t, md, r)
	assert.Contains(t, md, "**2600 APIs affected**: 2000 with breaking changes, 300 with warnings, 300 with info only.")
	assert.Contains(t, md, "| `request-field-removed` | breaking | both | 6000 | 2000 |")
	// What was cut is said, and where the full report is.
	m := regexp.MustCompile(`This report stops at 65536 characters, the size of one comment: (\d+) APIs with (\d+) findings \((\d+) breaking\) are left out`).FindStringSubmatch(md)
	require.NotNil(t, m, md[len(md)-600:])
	shown := strings.Count(md, "\n### ")
	var cutAPIs, cutFindings, cutBreaking int
	fmt.Sscan(m[1], &cutAPIs)
	fmt.Sscan(m[2], &cutFindings)
	fmt.Sscan(m[3], &cutBreaking)
	assert.Equal(t, 2600, shown+cutAPIs)
	assert.Equal(t, 6000+600+600-3*shown, cutFindings)
	assert.Equal(t, 6000-3*shown, cutBreaking)
	assert.Greater(t, shown, 100, "the limit should still hold many APIs")
	assert.Contains(t, md, "The full report is in `diff.json`.")
	assert.NotContains(t, md, "<details>", "nothing after the cut")

	// Without a JSON file, the note says how to get the full report.
	r.jsonPath = ""
	assert.Contains(t, markdownOf(t, r), "Run `topgen diff --format json` with the same arguments for the full report.")

	// A small report is whole and has no note.
	small := newReport("a", "b", append(bulkFindings("taobao.warn", 3, 1, sevWarning), bulkFindings("taobao.info", 2, 1, sevInfo)...))
	md = markdownOf(t, small)
	checkMarkdown(t, md, small)
	assert.NotContains(t, md, "[!NOTE]")
	assert.Contains(t, md, "<details><summary>:warning: 3 APIs with warnings (3 findings)</summary>")
	assert.Contains(t, md, "<details><summary>:information_source: 2 APIs with info only (2 findings)</summary>")
}

func TestMarkdownChangeDiff(t *testing.T) {
	fs := append(bulkFindings("taobao.break", 1, 1, sevBreaking), bulkFindings("taobao.info", 1, 1, sevInfo)...)
	r := newReport("a", "b", fs)
	r.addChangeDiff("taobao.break.api00000", changeDiff{Modified: "2023-10-12 10:31:05",
		Input: []string{"[-] biz_type"}, Output: []string{"[+] data->results->tp_order_id", "[*] a|b"}})
	r.addChangeDiff("taobao.info.api00000", changeDiff{Output: []string{"[+] result->code"}})
	r.addChangeDiff("taobao.none", changeDiff{})
	md := markdownOf(t, r)
	assert.Contains(t, md, "<sub>Alibaba's changeDiff (2023-10-12 10:31:05): request `[-] biz_type`; response `[+] data->results->tp_order_id`; response `[*] a\\|b`;</sub>")
	assert.Contains(t, md, "| `taobao.info.api00000` | | changeDiff | | | response `[+] result->code`;  |")
	assert.NotContains(t, r.ChangeDiffs, "taobao.none")
	var b strings.Builder
	require.NoError(t, r.Write(&b, "json"))
	assert.Contains(t, b.String(), `"change_diffs": {`)
	assert.Contains(t, b.String(), `"output": [
        "[+] result->code"
      ]`)
}

func TestGitHubAnnotations(t *testing.T) {
	fs := append(bulkFindings("taobao.break", 1, 1, sevBreaking), bulkFindings("taobao.warn", 1, 1, sevWarning)...)
	fs = append(fs, bulkFindings("taobao.info", 50, 1, sevInfo)...)
	r := newReport("a", "b", fs)
	var b strings.Builder
	require.NoError(t, r.Write(&b, "github"))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.True(t, strings.HasPrefix(lines[0], "::error file=specs/taobao.break.api00000.yaml,line=10,"), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "::warning file=specs/taobao.warn.api00000.yaml,line=10,"), lines[1])
	assert.Equal(t, "topgen diff: 1 breaking, 1 warning, 50 info", lines[2])
}

func TestJSONOut(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runMain("--format", "markdown", "--json-out", filepath.Join(dir, "full.json"),
		"testdata/rules/request-field-removed/old.yaml", "testdata/rules/request-field-removed/new.yaml")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "`request-field-removed`")
	data, err := os.ReadFile(filepath.Join(dir, "full.json"))
	require.NoError(t, err)
	r := decodeReport(t, string(data))
	assert.Equal(t, 1, r.Summary.Breaking)

	code, _, stderr = runMain("--json-out", filepath.Join(dir, "no", "such", "dir.json"),
		"testdata/rules/request-field-removed/old.yaml", "testdata/rules/request-field-removed/new.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--json-out")
}
