package top

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Code generated for a newer runtime fails to compile, and the compiler's
// message names the missing runtime version.
func TestNewerGeneratedCodeFailsToCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	out, err := exec.Command("go", "build", "./testdata/newer").CombinedOutput()
	require.Error(t, err, "code needing runtime 2 compiled against runtime %d", RuntimeVersion)
	assert.Contains(t, string(out), "undefined: top.RequireRuntime2")
	assert.Contains(t, string(out), "newer.go:11")
}

func TestRuntimeKeepsOlderVersions(t *testing.T) {
	assert.Equal(t, 1, RequireRuntime1)
	assert.GreaterOrEqual(t, RuntimeVersion, RequireRuntime1)
}
