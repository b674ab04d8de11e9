package gen

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/topgen/topgen/model"
)

// Doc text can never become a build constraint or a directive: a
// description line "+build ignore" used to drop the API from the build
// (gofmt moved it into the header; build and vet still passed).
func TestCommentsNeverBecomeConstraints(t *testing.T) {
	hostile := "正常的说明\n+build ignore\n//go:build ignore\ngo:generate rm -rf /\n//line evil.go:1\n// +build !linux"
	api := &model.API{
		Method:      "taobao.hostile.get",
		Title:       "+build ignore",
		Description: hostile,
		Request:     []*model.Field{{Name: "q", Type: "String", Description: hostile}},
		Response:    []*model.Field{{Name: "r", Type: "String", Description: hostile}},
	}
	files, err := Generate([]*model.API{api}, Options{Header: hostile})
	require.NoError(t, err)
	dir := t.TempDir()
	for _, f := range files {
		name := filepath.Join(dir, filepath.Base(f.Path))
		require.NoError(t, os.WriteFile(name, f.Content, 0o644))
		// The go tool's own reading of constraints: the file is built on every platform.
		ok, err := build.Default.MatchFile(dir, filepath.Base(f.Path))
		require.NoError(t, err)
		assert.True(t, ok, "%s is excluded from the build", f.Path)
		for _, l := range strings.Split(string(f.Content), "\n") {
			s := strings.TrimSpace(l)
			assert.False(t, strings.HasPrefix(s, "//go:") || strings.HasPrefix(s, "//line"), "directive %q", l)
			assert.False(t, strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(s, "//")), "+build"), "constraint %q", l)
		}
	}
	assert.Contains(t, string(files[len(files)-1].Content)+string(files[0].Content), "// > +build ignore")
}

func TestNeutral(t *testing.T) {
	for in, want := range map[string]string{
		"+build ignore":     "> +build ignore",
		"//go:build ignore": "> //go:build ignore",
		"go:embed x":        "> go:embed x",
		"//line a.go:1":     "> //line a.go:1",
		"line one":          "line one",
		"a +build b":        "a +build b",
		"订单号":               "订单号",
	} {
		assert.Equal(t, want, neutral(in), in)
	}
}
