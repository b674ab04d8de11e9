package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStrictWithLines(t *testing.T) {
	_, err := Parse("topgen.yaml", []byte(`docs: [docs]
model: specs
out: 12
group: folder
include:
  - "taobao.tbk.*"
  - "a b"
overlays: /etc/overlays
`))
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		`topgen.yaml:2: unknown key "model"; want one of: docs, models, out,`,
		`topgen.yaml:4: group "folder": want method`,
		`topgen.yaml:7: include glob "a b": want a method name`,
		`topgen.yaml:8: overlays "/etc/overlays": want a path relative to the config's folder`,
	} {
		assert.Contains(t, msg, want)
	}
	_, err = Parse("topgen.yaml", []byte("docs: {a: 1}\n"))
	assert.EqualError(t, err, "topgen.yaml:1: docs: want a list of strings")
	_, err = Parse("topgen.yaml", []byte("docs: [\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "topgen.yaml:")
}

func TestDefaultsAndSingleValues(t *testing.T) {
	c, err := Parse("x/topgen.yaml", []byte("docs: pages\npackage: sdk\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"pages"}, c.Docs)
	assert.Equal(t, "models", c.Models)
	assert.Equal(t, "sdk", c.Out)
	assert.Equal(t, "one", c.Group, "a package name alone means one package")
	assert.Equal(t, "x", c.Dir())
	c, err = Parse("topgen.yaml", nil)
	require.NoError(t, err)
	assert.Equal(t, "dir", c.Group)
}

// The starter config topgen init writes loads, with its schema line first.
func TestStarterLoads(t *testing.T) {
	c, err := Parse("topgen.yaml", Starter())
	require.NoError(t, err)
	assert.Equal(t, []string{"docs"}, c.Docs)
	assert.Equal(t, []string{"overlays"}, c.Overlays)
	assert.Regexp(t, `^# yaml-language-server: \$schema=\S+topgen.schema.json\n`, string(Starter()))
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	got, err := Find(deep)
	require.NoError(t, err)
	assert.Equal(t, "", got)
	require.NoError(t, os.WriteFile(filepath.Join(root, FileName), []byte("out: gen\n"), 0o644))
	got, err = Find(deep)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, FileName), got)
}

func TestKeep(t *testing.T) {
	c := &Config{Include: []string{"taobao.tbk.*", "alibaba.*.pay"}, Exclude: []string{"taobao.tbk.sc.*"}}
	for m, want := range map[string]bool{
		"taobao.tbk.order.get":           true,
		"taobao.tbk.sc.general.link":     false,
		"alibaba.nlife.b2c.trade.pay":    true,
		"alibaba.nlife.b2c.trade.refund": false,
		"taobao.item.get":                false,
		"taobao.tbkx":                    false,
	} {
		assert.Equal(t, want, c.Keep(m), m)
	}
	assert.True(t, (&Config{}).Keep("any.thing"))
}
