package config

import (
	"os"
	"path/filepath"
	"strings"
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

	// Its commented fetch block loads once uncommented.
	_, block, ok := strings.Cut(string(Starter()), "\n# fetch:\n")
	require.True(t, ok)
	block = "fetch:\n" + strings.ReplaceAll(block, "\n#", "\n")[1:]
	c, err = Parse("topgen.yaml", []byte(block))
	require.NoError(t, err, block)
	assert.Equal(t, "https://open.taobao.com", c.Fetch.Site)
	assert.Equal(t, map[int64]string{21055: "admarket"}, c.Fetch.Folders)
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

func TestFetchBlock(t *testing.T) {
	c, err := Parse("x/topgen.yaml", []byte(`docs: [pages, more]
fetch:
  site: http://127.0.0.1:8080
  dir: fetched
  rate: 0.5
  folders: {21055: admarket, 7: item.v2}
`))
	require.NoError(t, err)
	require.NotNil(t, c.Fetch.Rate)
	assert.Equal(t, Fetch{Site: "http://127.0.0.1:8080", Dir: "fetched", Rate: c.Fetch.Rate,
		Folders: map[int64]string{21055: "admarket", 7: "item.v2"}}, c.Fetch)
	assert.Equal(t, 0.5, *c.Fetch.Rate)

	// Left out: dir is the first of docs, site and rate are fetch's defaults.
	c, err = Parse("topgen.yaml", []byte("docs: [pages, more]\nfetch:\n  rate: 0\n"))
	require.NoError(t, err)
	assert.Equal(t, "pages", c.Fetch.Dir)
	assert.Equal(t, "", c.Fetch.Site)
	require.NotNil(t, c.Fetch.Rate)
	assert.Zero(t, *c.Fetch.Rate, "0 is unlimited, not left out")
	c, err = Parse("topgen.yaml", nil)
	require.NoError(t, err)
	assert.Equal(t, Fetch{Dir: "docs"}, c.Fetch)
}

// Every bad fetch setting is reported with its line, all of them at once.
func TestFetchBlockStrict(t *testing.T) {
	_, err := Parse("topgen.yaml", []byte(`docs: docs
fetch:
  site: open.taobao.com
  dir: /var/docs
  rate: -1
  folder: {1: a}
  folders:
    21055: ../admarket
    abc: x
    7: a/b
    8: .hidden
    9: catelog.json
    10: item
    11: item
    12: [x]
`))
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		`topgen.yaml:3: fetch site "open.taobao.com": want an http(s) URL`,
		`topgen.yaml:4: fetch dir "/var/docs": want a path relative to the config's folder`,
		`topgen.yaml:5: fetch rate -1: want a number of requests per second, 0 or more`,
		`topgen.yaml:6: unknown key "folder" in fetch; want one of: site, dir, rate, folders`,
		`topgen.yaml:8: fetch folders: 21055: folder name "../admarket": want one path segment`,
		`topgen.yaml:9: fetch folders: key "abc": want a category id`,
		`topgen.yaml:10: fetch folders: 7: folder name "a/b"`,
		`topgen.yaml:11: fetch folders: 8: folder name ".hidden"`,
		`topgen.yaml:12: fetch folders: 9: folder name "catelog.json"`,
		`topgen.yaml:14: fetch folders: categories 10 and 11 both map to folder "item"`,
		`topgen.yaml:15: fetch folders: 12: folder name ""`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.Equal(t, 11, strings.Count(msg, "\n")+1, msg)

	for src, want := range map[string]string{
		"fetch: [a]\n":                 "topgen.yaml:1: fetch: want a mapping of settings (site, dir, rate, folders)",
		"fetch:\n  rate: fast\n":       "topgen.yaml:2: fetch rate: want a number of requests per second",
		"fetch:\n  site: [a]\n":        "topgen.yaml:2: fetch site: want a string",
		"fetch:\n  dir: {a: 1}\n":      "topgen.yaml:2: fetch dir: want a string",
		"fetch:\n  folders: [a]\n":     "topgen.yaml:2: fetch folders: want a mapping of category id to folder name, e.g. {21055: admarket}",
		"fetch:\n  folders: {-3: a}\n": `topgen.yaml:2: fetch folders: key "-3": want a category id (a positive integer)`,
		"fetch:\n  rate: .inf\n":       "topgen.yaml:2: fetch rate: want a number of requests per second",
		"fetc:\n  rate: 1\n":           `topgen.yaml:1: unknown key "fetc"; want one of: docs, models, out, group, package, include, exclude, overlays, fetch`,
	} {
		_, err := Parse("topgen.yaml", []byte(src))
		assert.EqualError(t, err, want, src)
	}
}
