package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A model carrying Alibaba's changeDiff (from a full doc) shows it beside
// the findings of the markdown report and in the JSON report.
func TestChangeDiffFromModelInReport(t *testing.T) {
	dir := t.TempDir()
	old := "method: test.change.api\nsource: {file: a.json, format: json}\nresponse:\n  - {name: tp_order_id, type: String}\n  - {name: biz_type, type: String}\n"
	new := "method: test.change.api\nsource: {file: a.json, format: json}\nresponse:\n  - {name: tp_order_id, type: String}\n" +
		"change_diff:\n  modified: 1697077865000\n  response:\n    - '[-] data->biz_type'\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.yaml"), []byte(old), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "new.yaml"), []byte(new), 0o644))

	code, out, stderr := runMain("-C", dir, "--format", "markdown", "--fail-on", "breaking", "old.yaml", "new.yaml")
	require.Equal(t, 1, code, stderr) // a removed response field breaks callers
	assert.Contains(t, out, "response-field-removed")
	// 1697077865000 ms is 2023-10-12 10:31:05 in GMT+8, TOP's zone.
	assert.Contains(t, out, "Alibaba's changeDiff (2023-10-12 10:31:05): response `[-] data->biz_type`")

	code, out, stderr = runMain("-C", dir, "--format", "json", "--fail-on", "breaking", "old.yaml", "new.yaml")
	require.Equal(t, 1, code, stderr)
	assert.Contains(t, out, `"modified": "2023-10-12 10:31:05"`)
	assert.Contains(t, out, `"[-] data->biz_type"`)
}
