// Package config loads topgen.yaml, an SDK repository's topgen settings:
// where the doc pages are, where models and Go code go, how APIs are
// grouped into packages, which methods are included, and where the
// overlays live.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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

	// File is the config's path ("" when none was found: the defaults of this repository's layout).
	File string `yaml:"-"`
}

// Defaults are the settings of a config that leaves them out.
var defaults = Config{Docs: []string{"docs"}, Models: "models", Out: "sdk", Group: "dir"}

// Load reads a config strictly: an unknown key, a value of the wrong type,
// an unknown grouping or a bad glob is an error naming file and line,
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
			ps.Addf(file, doc.Line, "want a mapping of settings (docs, models, out, group, package, include, exclude, overlays)")
			return nil, ps
		}
		keys := knownKeys()
		for i := 0; i+1 < len(doc.Content); i += 2 {
			k, v := doc.Content[i], doc.Content[i+1]
			kind, ok := keys[k.Value]
			if !ok {
				ps.Addf(file, k.Line, "unknown key %q; want one of: docs, models, out, group, package, include, exclude, overlays", k.Value)
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

// fill puts the defaults into settings left out.
func (c *Config) fill() {
	if len(c.Docs) == 0 {
		c.Docs = defaults.Docs
	}
	if c.Models == "" {
		c.Models = defaults.Models
	}
	if c.Out == "" {
		c.Out = defaults.Out
	}
	if c.Group == "" {
		c.Group = defaults.Group
		if c.Package != "" {
			c.Group = "one"
		}
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
`
