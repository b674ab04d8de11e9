// Package config loads topgen.yaml, an SDK repository's topgen settings:
// where the doc pages are, where models and Go code go, how APIs are
// grouped into packages, which methods are included, and where the
// overlays live.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/topgen/topgen/model"
)

// FileName is the config's file name, found by walking up from the working folder.
const FileName = "topgen.yaml"

// Config is a topgen.yaml. Paths are relative to the config's folder
// (Dir); Resolve makes them usable from the working folder.
type Config struct {
	// Docs are the folders or files holding the doc pages (default: docs).
	Docs []string `yaml:"docs,omitempty"`
	// Models is the folder `topgen parse` writes the models to and `topgen gen` reads (default: models).
	Models string `yaml:"models,omitempty"`
	// Out is the folder `topgen gen` writes the Go packages under (default: sdk).
	Out string `yaml:"out,omitempty"`
	// Group is how APIs are put into packages: method, dir or one (default: dir).
	Group string `yaml:"group,omitempty"`
	// Package is the package name when group is one.
	Package string `yaml:"package,omitempty"`
	// Include keeps only methods matching one of these globs (default: all).
	Include []string `yaml:"include,omitempty"`
	// Exclude drops methods matching one of these globs.
	Exclude []string `yaml:"exclude,omitempty"`
	// Overlays are the overlay files or folders applied after parsing.
	Overlays []string `yaml:"overlays,omitempty"`
	// Fetch holds the settings of `topgen fetch`.
	Fetch Fetch `yaml:"fetch,omitempty"`

	// File is the config's path ("" when none was found: the defaults of this repository's layout).
	File string `yaml:"-"`
}

// Fetch is the fetch block: `topgen fetch`'s settings, which its flags
// (-site, -o, -rate, -folder) override.
type Fetch struct {
	// Site is the doc site's base URL ("" means fetch's default, https://open.taobao.com).
	Site string `yaml:"site,omitempty"`
	// Dir is the folder the docs are fetched into (default: the first of Docs).
	Dir string `yaml:"dir,omitempty"`
	// Rate is the limit in requests per second, 0 meaning unlimited (nil: fetch's default, 2).
	Rate *float64 `yaml:"rate,omitempty"`
	// Folders maps category ids to folder names, as -folder ID=NAME does.
	Folders map[int64]string `yaml:"folders,omitempty"`
}

// The settings of a config that leaves them out.
const (
	defaultDocs   = "docs"
	defaultModels = "models"
	defaultOut    = "sdk"
	defaultGroup  = "dir"
)

// Load reads a config strictly: an unknown key, a value of the wrong type,
// an unknown grouping, a bad glob or a bad fetch setting (site, dir, rate,
// folder name) is an error naming file and line,
// every one of them listed (as model.Problems).
func Load(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data)
}

// Parse is Load on bytes already read.
func Parse(file string, data []byte) (*Config, error) {
	var ps model.Problems
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ps.Addf(file, yamlLine(err), "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, ps
	}
	c := &Config{}
	if len(root.Content) > 0 {
		doc := root.Content[0]
		if doc.Kind != yaml.MappingNode {
			ps.Addf(file, doc.Line, "want a mapping of settings (%s)", strings.Join(keyNames(), ", "))
			return nil, ps
		}
		keys := knownKeys()
		for i := 0; i+1 < len(doc.Content); i += 2 {
			k, v := doc.Content[i], doc.Content[i+1]
			kind, ok := keys[k.Value]
			if !ok {
				ps.Addf(file, k.Line, "unknown key %q; want one of: %s", k.Value, strings.Join(keyNames(), ", "))
				continue
			}
			if kind == reflect.Struct {
				parseFetch(file, v, &c.Fetch, &ps)
				continue
			}
			if kind == reflect.Slice && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				// A single path or glob may be written without brackets.
				v = &yaml.Node{Kind: yaml.SequenceNode, Line: v.Line, Content: []*yaml.Node{v}}
			}
			want := "a string"
			if kind == reflect.Slice {
				want = "a list of strings"
			}
			if !isStrings(v, kind) {
				ps.Addf(file, v.Line, "%s: want %s", k.Value, want)
				continue
			}
			var one Config
			m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
			if err := m.Decode(&one); err != nil {
				ps.Addf(file, v.Line, "%s: %v", k.Value, err)
				continue
			}
			merge(c, &one)
			check(file, k.Value, v, &one, &ps)
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	c.File = file
	c.fill()
	return c, nil
}

// check validates one setting's value.
func check(file, key string, v *yaml.Node, c *Config, ps *model.Problems) {
	switch key {
	case "group":
		if c.Group != "method" && c.Group != "dir" && c.Group != "one" {
			ps.Addf(file, v.Line, "group %q: want method (second segment of the method), dir (the doc's folder) or one (one package)", c.Group)
		}
	case "package":
		if c.Package == "" || c.Package != strings.ToLower(c.Package) || strings.ContainsAny(c.Package, " ./-") {
			ps.Addf(file, v.Line, "package %q: want a Go package name (lower-case letters and digits)", c.Package)
		}
	case "include", "exclude":
		for i, g := range append(c.Include, c.Exclude...) {
			if g == "" || strings.ContainsAny(g, " /\\") {
				ps.Addf(file, v.Content[i].Line, "%s glob %q: want a method name where * matches any run of characters", key, g)
			}
		}
	case "docs", "overlays", "models", "out":
		for i, p := range append(append(c.Docs, c.Overlays...), c.Models, c.Out) {
			if p == "" {
				continue
			}
			line := v.Line
			if v.Kind == yaml.SequenceNode && i < len(v.Content) {
				line = v.Content[i].Line
			}
			if filepath.IsAbs(p) {
				ps.Addf(file, line, "%s %q: want a path relative to the config's folder", key, p)
			}
		}
	}
}

// folderName is a category folder: a single path segment that is not
// hidden, as fetch accepts.
var folderName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]*$`)

// fetchKeys are the keys of the fetch block.
var fetchKeys = []string{"site", "dir", "rate", "folders"}

// parseFetch reads the fetch block into f, adding a problem for each bad
// key or value.
func parseFetch(file string, v *yaml.Node, f *Fetch, ps *model.Problems) {
	if v.Tag == "!!null" {
		return
	}
	if v.Kind != yaml.MappingNode {
		ps.Addf(file, v.Line, "fetch: want a mapping of settings (%s)", strings.Join(fetchKeys, ", "))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, v := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "site":
			if !isStrings(v, reflect.String) {
				ps.Addf(file, v.Line, "fetch site: want a string")
				continue
			}
			u, err := url.Parse(v.Value)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				ps.Addf(file, v.Line, "fetch site %q: want an http(s) URL such as https://open.taobao.com", v.Value)
				continue
			}
			f.Site = v.Value
		case "dir":
			if !isStrings(v, reflect.String) {
				ps.Addf(file, v.Line, "fetch dir: want a string")
				continue
			}
			if v.Value == "" || filepath.IsAbs(v.Value) {
				ps.Addf(file, v.Line, "fetch dir %q: want a path relative to the config's folder", v.Value)
				continue
			}
			f.Dir = v.Value
		case "rate":
			r, err := strconv.ParseFloat(v.Value, 64)
			if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") || err != nil {
				ps.Addf(file, v.Line, "fetch rate: want a number of requests per second")
				continue
			}
			if r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
				ps.Addf(file, v.Line, "fetch rate %s: want a number of requests per second, 0 or more (0: unlimited)", v.Value)
				continue
			}
			f.Rate = &r
		case "folders":
			parseFolders(file, v, f, ps)
		default:
			ps.Addf(file, k.Line, "unknown key %q in fetch; want one of: %s", k.Value, strings.Join(fetchKeys, ", "))
		}
	}
}

// parseFolders reads fetch's folders: category id -> folder name.
func parseFolders(file string, v *yaml.Node, f *Fetch, ps *model.Problems) {
	if v.Tag == "!!null" {
		return
	}
	if v.Kind != yaml.MappingNode {
		ps.Addf(file, v.Line, "fetch folders: want a mapping of category id to folder name, e.g. {21055: admarket}")
		return
	}
	byName := map[string]int64{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, n := v.Content[i], v.Content[i+1]
		id, err := strconv.ParseInt(k.Value, 10, 64)
		if k.Kind != yaml.ScalarNode || k.Tag != "!!int" || err != nil || id <= 0 {
			ps.Addf(file, k.Line, "fetch folders: key %q: want a category id (a positive integer)", k.Value)
			continue
		}
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!int") || !folderName.MatchString(n.Value) || n.Value == "catelog.json" {
			ps.Addf(file, n.Line, "fetch folders: %d: folder name %q: want one path segment of letters, digits, '_', '-' or '.'", id, n.Value)
			continue
		}
		if _, dup := f.Folders[id]; dup {
			ps.Addf(file, k.Line, "fetch folders: category %d given twice", id)
			continue
		}
		if other, dup := byName[n.Value]; dup {
			ps.Addf(file, n.Line, "fetch folders: categories %d and %d both map to folder %q: want one folder per category", other, id, n.Value)
			continue
		}
		byName[n.Value] = id
		if f.Folders == nil {
			f.Folders = map[int64]string{}
		}
		f.Folders[id] = n.Value
	}
}

// fill puts the defaults into settings left out.
func (c *Config) fill() {
	if len(c.Docs) == 0 {
		c.Docs = []string{defaultDocs}
	}
	if c.Models == "" {
		c.Models = defaultModels
	}
	if c.Out == "" {
		c.Out = defaultOut
	}
	if c.Group == "" {
		c.Group = defaultGroup
		if c.Package != "" {
			c.Group = "one"
		}
	}
	if c.Fetch.Dir == "" {
		c.Fetch.Dir = c.Docs[0]
	}
}

// merge copies the settings one holds into c.
func merge(c, one *Config) {
	cv, ov := reflect.ValueOf(c).Elem(), reflect.ValueOf(one).Elem()
	for i := 0; i < cv.NumField(); i++ {
		if !ov.Field(i).IsZero() {
			cv.Field(i).Set(ov.Field(i))
		}
	}
}

// knownKeys maps each YAML key to its Go kind.
func knownKeys() map[string]reflect.Kind {
	t := reflect.TypeOf(Config{})
	out := map[string]reflect.Kind{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "-" {
			out[name] = t.Field(i).Type.Kind()
		}
	}
	return out
}

// keyNames lists the YAML keys in the order of Config's fields.
func keyNames() []string {
	t := reflect.TypeOf(Config{})
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// isStrings reports whether a node is a string (kind String) or a list of strings.
func isStrings(n *yaml.Node, kind reflect.Kind) bool {
	scalar := func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && (n.Tag == "!!str" || n.Tag == "!!int" || n.Tag == "!!float")
	}
	if kind == reflect.String {
		return scalar(n)
	}
	if n.Kind != yaml.SequenceNode {
		return n.Tag == "!!null"
	}
	for _, c := range n.Content {
		if !scalar(c) {
			return false
		}
	}
	return true
}

// yamlLine reads the line from a yaml.v3 syntax error, or 0.
func yamlLine(err error) int {
	var line int
	fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line)
	return line
}

// Find looks for topgen.yaml in dir and its parents and returns its path,
// or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		st, err := os.Stat(p)
		if err == nil && !st.IsDir() {
			return p, nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Dir is the folder the config's paths are relative to ("." without a file).
func (c *Config) Dir() string {
	if c.File == "" {
		return "."
	}
	return filepath.Dir(c.File)
}

// Path resolves a path from the config against its folder, shown
// relative to the working folder when that is shorter.
func (c *Config) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	full := filepath.Join(c.Dir(), p)
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(full); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
		}
	}
	return full
}

// Paths resolves paths from the config (see Path).
func (c *Config) Paths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = c.Path(p)
	}
	return out
}

// Keep reports whether a method passes the include globs (all methods
// when there are none) and none of the exclude globs.
func (c *Config) Keep(method string) bool {
	in := len(c.Include) == 0
	for _, g := range c.Include {
		in = in || Match(g, method)
	}
	for _, g := range c.Exclude {
		in = in && !Match(g, method)
	}
	return in
}

// Match reports whether a method matches a glob, where * matches any run
// of characters (dots too: "taobao.tbk.*" matches "taobao.tbk.order.get")
// and every other character itself.
func Match(glob, method string) bool {
	parts := strings.Split(glob, "*")
	if len(parts) == 1 {
		return glob == method
	}
	if !strings.HasPrefix(method, parts[0]) {
		return false
	}
	rest := method[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return len(rest) >= len(last) && strings.HasSuffix(rest, last)
}

// Starter is the commented config `topgen init` writes.
func Starter() []byte {
	var b bytes.Buffer
	b.WriteString(starter)
	return b.Bytes()
}

const starter = `# yaml-language-server: $schema=https://raw.githubusercontent.com/topgen/topgen/main/schema/topgen.schema.json
# topgen settings for this SDK repository. Paths are relative to this file.
# Command-line flags override these settings.

# Folders (or files) holding the TOP doc pages: getDocument.json, saved HTML or text.
# Any file names work; pages are paired with models by their method.
docs:
  - docs

# Where "topgen parse" writes one YAML model per API (<method>.yaml) and
# "topgen gen" reads them. A model whose doc is gone is removed.
models: models

# Where "topgen gen" writes the Go packages.
out: sdk

# How APIs are grouped into Go packages:
#   dir     one package per doc folder (a doc category), named after it
#   method  one package per method's second segment (taobao.tbk.order.get -> tbk)
#   one     every API in one package, named by "package"
group: dir
# package: sdk

# Methods to keep and to drop, as globs on the method name
# ("taobao.tbk.*" keeps every method starting with taobao.tbk.).
# include:
#   - taobao.tbk.*
# exclude:
#   - taobao.tbk.sc.*

# Overlay files (or folders of them) with the maintainer's fixes to the
# docs, applied after parsing on every regeneration.
overlays:
  - overlays

# Settings of "topgen fetch", which downloads the docs from the TOP doc site
# (its -site, -o, -rate and -folder flags override them).
# fetch:
#   site: https://open.taobao.com   # the doc site (default)
#   dir: docs                       # where the docs go (default: the first of docs)
#   rate: 2                         # at most this many requests per second (0: unlimited)
#   folders:                        # category id -> folder name (default: cat<id>)
#     21055: admarket
`
