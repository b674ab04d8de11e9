package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/topgen/topgen/internal/atomicfile"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/overlay"
	"github.com/topgen/topgen/parser"
)

var parseCmd = &command{
	name:     "parse",
	synopsis: "[-o DIR] [-config FILE] [-v] [PAGE_OR_DIR…]",
	about: `Parses TOP doc pages (getDocument.json, saved HTML or text; any file names)
into one YAML model per API, <method>.yaml, in DIR (default: the config's
models folder, else beside each page); a page's sub-folder below a folder
argument (its category) is kept under DIR. With no arguments it parses the
config's docs. Overlays from the config are applied to every model. Two
pages of one method are an error naming both. When every page parsed, a
model in the output whose method no page has any more is removed (when the
arguments are folders).
Prints the models written and removed, then a one-line summary.`,
	example: `  topgen parse                        # topgen.yaml: docs → models
  topgen parse -o specs docs/         # pages under docs/ → specs/<method>.yaml`,
}

// runParse implements `topgen parse`.
func runParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	out := fs.String("o", "", "write models to `DIR` (default: the config's models, else beside each page)")
	var com common
	com.register(fs)
	args, err := parseCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	cfg, err := com.load()
	if err != nil {
		fmt.Fprintf(stderr, "topgen parse: %v\n", err)
		return 2
	}
	st := newStages(com.verbose, stderr, "parse")
	var overlayPaths []string
	if cfg != nil {
		if len(args) == 0 {
			args = cfg.Paths(cfg.Docs)
		}
		if *out == "" {
			*out = cfg.Path(cfg.Models)
		}
		overlayPaths = existing(cfg.Paths(cfg.Overlays))
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "topgen parse: no pages given and no topgen.yaml found")
		parseCmd.help(stderr, fs)
		return 2
	}
	pages, err := parser.ExpandPages(args)
	if err != nil {
		fmt.Fprintf(stderr, "topgen parse: %v\n", err)
		return 2
	}
	ovl, err := overlay.Load(overlayPaths)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return 1
	}
	st.done("config")
	results := parser.LoadAll(pages)
	st.done("parse")
	status := 0
	fail := func(err error) {
		fmt.Fprintln(stderr, err)
		status = 1
	}
	type model_ struct {
		page, dst string
		api       *model.API
	}
	var todo []model_
	byMethod := map[string]string{}
	dups := map[string]bool{}
	for i, r := range results {
		printProblems(stderr, r.Warnings)
		if r.Err != nil {
			fail(r.Err)
			continue
		}
		m := r.API.Method
		if prev, ok := byMethod[m]; ok {
			fail(fmt.Errorf("%s: method %s is also declared by %s: one page per method; remove one of the two", pages[i], m, prev))
			dups[m] = true
			continue
		}
		byMethod[m] = pages[i]
		if cfg != nil && !cfg.Keep(m) {
			continue
		}
		dir := filepath.Dir(pages[i])
		if *out != "" {
			// The page's folder below its folder argument (its category) is kept.
			dir = filepath.Join(*out, subdir(args, pages[i]))
		}
		todo = append(todo, model_{page: pages[i], dst: filepath.Join(dir, m+".yaml"), api: r.API})
	}
	alive := map[string]bool{} // model files that stay: "dir\x00method"
	written, unchanged := 0, 0
	for _, t := range todo {
		if dups[t.api.Method] {
			continue
		}
		keep, err := ovl.Apply(t.api)
		if err != nil {
			fail(err)
			continue
		}
		if !keep {
			continue
		}
		alive[filepath.Dir(t.dst)+"\x00"+t.api.Method] = true
		data, err := model.Marshal(t.api)
		if err == nil {
			// An overlay may have made the model invalid: check it as gen will load it.
			_, err = model.Unmarshal(t.dst, data)
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", t.page, err))
			continue
		}
		changed, err := atomicfile.Write(t.dst, data)
		if err != nil {
			fail(fmt.Errorf("topgen parse: writing %s: %w", t.dst, err))
			continue
		}
		if changed {
			written++
			fmt.Fprintf(stdout, "%s -> %s\n", t.page, t.dst)
		} else {
			unchanged++
		}
	}
	for _, p := range ovl.Unused() {
		fail(p)
	}
	st.done("write")
	removed := 0
	if status == 0 && allDirs(args) {
		// Every page of whole folders parsed: models whose method no page has any more go.
		stale, err := staleModels(args, *out, alive)
		if err != nil {
			fail(fmt.Errorf("topgen parse: %w", err))
		}
		for _, f := range stale {
			if err := os.Remove(f); err != nil {
				fail(fmt.Errorf("topgen parse: removing %s: %w", f, err))
				continue
			}
			removed++
			fmt.Fprintf(stdout, "removed %s (no page of its method is parsed: gone, excluded by the config or skipped by an overlay)\n", f)
		}
	}
	fmt.Fprintf(stdout, "%d pages: %d models written, %d removed, %d unchanged\n", len(pages), written, removed, unchanged)
	st.done("clean")
	st.print()
	return status
}

// subdir is the folder of page relative to the folder argument it was
// found under ("" for a file argument).
func subdir(args []string, page string) string {
	for _, a := range args {
		if rel, err := filepath.Rel(a, filepath.Dir(page)); err == nil && !strings.HasPrefix(rel, "..") {
			if st, err := os.Stat(a); err == nil && st.IsDir() {
				return rel
			}
		}
	}
	return ""
}

// allDirs reports whether every argument is a folder: only then is the
// set of pages complete, and a model without a page stale.
func allDirs(args []string) bool {
	for _, a := range args {
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// staleModels lists the model files that no parsed page accounts for: in
// and below out (when set) or, for models beside their pages, in the
// folders under the folder arguments. Only files that load as models
// (other YAML never) are listed; alive holds "folder\x00method" of the
// models just written. Temporary files of killed runs are removed.
func staleModels(args []string, out string, alive map[string]bool) ([]string, error) {
	var dirs []string
	roots := args
	if out != "" {
		roots = []string{out}
	}
	for _, a := range roots {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				dirs = append(dirs, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var stale []string
	for _, dir := range dirs {
		es, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			name := filepath.Join(dir, e.Name())
			if !e.Type().IsRegular() {
				continue
			}
			if atomicfile.IsTemp(e.Name()) {
				os.Remove(name)
				continue
			}
			if strings.HasPrefix(e.Name(), ".") || !parser.IsModelFile(name) {
				continue
			}
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			if !model.IsModelYAML(data) {
				continue
			}
			api, err := model.Unmarshal(name, data)
			if err != nil || alive[filepath.Clean(dir)+"\x00"+api.Method] {
				continue
			}
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	return stale, nil
}

// runFields implements `topgen fields FILE…`.
func runFields(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fields", flag.ContinueOnError)
	args, err := fieldsCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "topgen fields: no files given")
		fieldsCmd.help(stderr, fs)
		return 2
	}
	status := 0
	for _, file := range args {
		api, warns, err := parser.Load(file)
		printProblems(stderr, warns)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		if err := model.WriteLines(stdout, api); err != nil {
			fmt.Fprintf(stderr, "topgen fields: writing: %v\n", err)
			return 1
		}
	}
	return status
}

var fieldsCmd = &command{
	name:     "fields",
	synopsis: "FILE…",
	about: `Prints one tab-separated line per field of pages or models, depth first:
method, section, path, type, req, constraints.`,
	example: `  topgen fields specs/alibaba.nlife.b2c.trade.pay.yaml`,
}

// printProblems prints warnings, one per line.
func printProblems(w io.Writer, ps parser.Problems) {
	for _, p := range ps {
		fmt.Fprintln(w, p.Error())
	}
}

// existing keeps the paths that exist (a config may name an overlays
// folder that is not made yet).
func existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// exitFor is the exit status after a command-line parse error: 0 for -h, else 2.
func exitFor(err error) int {
	if err == errHelp {
		return 0
	}
	return 2
}
