package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "sub", "a.yaml")
	changed, err := Write(dst, []byte("one"))
	require.NoError(t, err)
	assert.True(t, changed)
	changed, err = Write(dst, []byte("one"))
	require.NoError(t, err)
	assert.False(t, changed, "unchanged content is not rewritten")
	// A temporary a killed process with our PID left is replaced.
	require.NoError(t, os.WriteFile(TempName(dst), []byte("half"), 0o644))
	changed, err = Write(dst, []byte("two"))
	require.NoError(t, err)
	assert.True(t, changed)
	got, _ := os.ReadFile(dst)
	assert.Equal(t, "two", string(got))
	es, _ := os.ReadDir(filepath.Dir(dst))
	assert.Len(t, es, 1, "no temporary is left")
}

func TestNamesAndErrors(t *testing.T) {
	name := filepath.Base(TempName("/x/a.go"))
	assert.True(t, IsTemp(name))
	assert.True(t, IsOwnTemp(name))
	assert.True(t, IsTemp(".a.go.1.topgen-tmp"))
	assert.False(t, IsOwnTemp(".a.go.1.topgen-tmp") && os.Getpid() != 1)
	assert.False(t, IsTemp("a.go"))
	// An error never names the temporary file.
	_, err := Write(filepath.Join(t.TempDir(), "missing", "x", "\x00bad"), []byte("x"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "topgen-tmp")
}
