package diff

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// loadedDoc is one loaded API with where it came from.
type loadedDoc struct {
	API *model.API
	// File names the model or page as the report shows it.
	File string
	// YAML is the model's text, used to find field lines; nil for pages.
	YAML []byte
}

// docSet is one side of a comparison: documents by method name.
type docSet map[string]*loadedDoc

// APIs returns the set's APIs sorted by method.
func (s docSet) APIs() []*model.API {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*model.API, len(names))
	for i, n := range names {
		out[i] = s[n].API
	}
	return out
}

func (s docSet) add(d *loadedDoc) error {
	if prev, dup := s[d.API.Method]; dup {
		return fmt.Errorf("method %s is in both %s and %s", d.API.Method, prev.File, d.File)
	}
	s[d.API.Method] = d
	return nil
}

// loadPaths loads models and pages from files or folders (as parser.Expand
// lists them). dir resolves relative paths; File keeps them as given.
func loadPaths(dir string, args ...string) (docSet, error) {
	abs := make([]string, len(args))
	for i, a := range args {
		abs[i] = resolve(dir, a)
	}
	files, err := parser.Expand(abs)
	if err != nil {
		return nil, err
	}
	// Models and pages are paired by method (a model wins over its page).
	ins, err := parser.Inputs(files)
	if err != nil {
		return nil, err
	}
	set := docSet{}
	for _, in := range ins {
		d := &loadedDoc{API: in.API, File: display(dir, in.Path)}
		if parser.IsModelFile(in.Path) {
			if d.YAML, err = os.ReadFile(in.Path); err != nil {
				return nil, err
			}
		}
		if err := set.add(d); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func resolve(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// display shows f relative to dir when it lies inside it.
func display(dir, f string) string {
	if dir == "" {
		return filepath.ToSlash(f)
	}
	if rel, err := filepath.Rel(dir, f); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(f)
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// loadGit loads the models (*.yaml, *.yml) under path in the repository
// holding dir, at revision ref (OLD) and in the working tree (NEW). Files
// are named relative to the repository root, as GitHub annotations need.
func loadGit(dir, ref, path string) (old, new docSet, err error) {
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil, err
	}
	root := strings.TrimSpace(string(top))
	if _, err := git(dir, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, nil, fmt.Errorf("git revision %q not found", ref)
	}
	list, err := git(dir, "ls-tree", "-r", "--name-only", "--full-name", ref, "--", path)
	if err != nil {
		return nil, nil, err
	}
	old = docSet{}
	for _, name := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		if name == "" || !parser.IsModelFile(name) {
			continue
		}
		data, err := git(dir, "show", ref+":"+name)
		if err != nil {
			return nil, nil, err
		}
		if !model.IsModelYAML(data) {
			continue // not a model: e.g. the diff ignore file beside the models
		}
		api, err := model.Unmarshal(ref+":"+name, data)
		if err != nil {
			return nil, nil, err
		}
		if err := old.add(&loadedDoc{API: api, File: name, YAML: data}); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", ref, err)
		}
	}
	new = docSet{}
	base := resolve(dir, path)
	if _, err := os.Stat(base); err == nil {
		err = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !parser.IsModelFile(p) {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if !model.IsModelYAML(data) {
				return nil
			}
			name := display(root, p)
			if rp, err := filepath.EvalSymlinks(p); err == nil {
				if rr, err := filepath.EvalSymlinks(root); err == nil {
					name = display(rr, rp)
				}
			}
			api, err := model.Unmarshal(name, data)
			if err != nil {
				return err
			}
			return new.add(&loadedDoc{API: api, File: name, YAML: data})
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(old) == 0 && len(new) == 0 {
		return nil, nil, fmt.Errorf("no models (*.yaml) under %s at %s or in the working tree", path, ref)
	}
	return old, new, nil
}

// locate sets File and Line of each finding: the field's line in NEW, or
// the nearest enclosing line that still exists; OLD when the API is gone.
func locate(fs []finding, old, new docSet) {
	parsed := map[*loadedDoc]*yaml.Node{}
	for i := range fs {
		f := &fs[i]
		if f.File != "" {
			continue
		}
		d := new[f.API]
		if d == nil {
			d = old[f.API]
		}
		if d == nil {
			continue
		}
		f.File = d.File
		if d.YAML == nil {
			continue
		}
		doc, ok := parsed[d]
		if !ok {
			var root yaml.Node
			if yaml.Unmarshal(d.YAML, &root) == nil && len(root.Content) > 0 {
				doc = root.Content[0]
			}
			parsed[d] = doc
		}
		if doc != nil {
			f.Line = yamlLine(doc, f)
		}
	}
}

// yamlLine finds the line of a finding's field in a model's YAML document.
func yamlLine(doc *yaml.Node, f *finding) int {
	line := doc.Line
	if k := keyNode(doc, "method"); k != nil {
		line = k.Line
	}
	switch {
	case f.Rule == sessionRequired || f.Rule == sessionDropped:
		if k := keyNode(doc, "session"); k != nil {
			return k.Line
		}
		return line
	case f.Section == "":
		if f.Rule == descriptionChanged {
			if k := keyNode(doc, "description"); k != nil {
				return k.Line
			}
		}
		return line
	}
	if f.Rule == constraintAdded {
		if k := keyNode(doc, "constraints"); k != nil {
			line = k.Line
		}
	}
	k := keyNode(doc, string(f.Section))
	if k == nil {
		return line
	}
	line = k.Line
	seq := valueOf(doc, string(f.Section))
	if f.Path == "" {
		return line
	}
	for _, name := range strings.Split(f.Path, ".") {
		name = strings.TrimSuffix(name, "[]")
		var hit *yaml.Node
		if seq != nil && seq.Kind == yaml.SequenceNode {
			for _, item := range seq.Content {
				if v := valueOf(item, "name"); v != nil && v.Value == name {
					hit = item
					break
				}
			}
		}
		if hit == nil {
			return line
		}
		line = hit.Line
		if k := keyNode(hit, "name"); k != nil {
			line = k.Line
		}
		seq = valueOf(hit, "fields")
	}
	return line
}

// entry returns the key and value nodes of key in a mapping node, or nils.
func entry(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// keyNode returns the key node of key in a mapping node (its line is the field's line).
func keyNode(n *yaml.Node, key string) *yaml.Node { k, _ := entry(n, key); return k }

// valueOf returns the value node of key in a mapping node.
func valueOf(n *yaml.Node, key string) *yaml.Node { _, v := entry(n, key); return v }
