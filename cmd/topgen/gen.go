package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/parser"
)

// Default folders of `topgen gen` with no arguments and no config.
const (
	defaultSpecs = "specs"
	defaultOut   = "generated"
)

var genCmd = &command{
	name:     "gen",
	synopsis: "[-o DIR] [-pkg NAME] [-group method|dir|one] [-check] [-config FILE] [-v] [MODEL_OR_PAGE_OR_DIR…]",
	about: `Generates Go code from models (and pages without a model: models and pages
are paired by method, whatever their file names). With no arguments it reads
the config's models folder (default without a config: specs/ → generated/).
Writes only changed files, removes stale generated files (and the temporary
files of killed runs) in the output, never hand-written ones. -check writes
nothing and exits 1 with a diff when the output is out of date.`,
	example: `  topgen gen                          # topgen.yaml: models → out
  topgen gen -o sdk -group dir specs  # one package per folder of specs/
  topgen gen -check                   # CI: is the generated code up to date?`,
}

// runGen implements `topgen gen`.
func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("o", "", "write Go packages under `DIR` (default: the config's out, else generated)")
	pkg := fs.String("pkg", "", "put every API in one package `NAME` (same as -group one)")
	group := fs.String("group", "", "group APIs into packages by `KIND`: method (second segment of the method name), dir (the input file's folder name) or one (-pkg) (default: the config's group, else method)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff when the output is out of date")
	var com common
	com.register(fs)
	inputs, err := genCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	cfg, err := com.load()
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
		return 2
	}
	st := newStages(com.verbose, stderr, "gen")
	keep := func(string) bool { return true }
	if cfg != nil {
		if len(inputs) == 0 {
			inputs = []string{cfg.Path(cfg.Models)}
		}
		if *out == "" {
			*out = cfg.Path(cfg.Out)
		}
		if *group == "" {
			*group = cfg.Group
		}
		if *pkg == "" && *group == "one" {
			*pkg = cfg.Package
		}
		keep = cfg.Keep
	}
	if len(inputs) == 0 {
		inputs = []string{defaultSpecs}
	}
	if *out == "" {
		*out = defaultOut
	}
	if *group == "" {
		*group = string(gen.ByMethod)
	}
	grouping, err := gen.ParseGrouping(*group)
	if err == nil && grouping == gen.OnePackage && *pkg == "" {
		err = fmt.Errorf("grouping one needs -pkg NAME (or package: in topgen.yaml)")
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: -group: %v\n", err)
		genCmd.help(stderr, fs)
		return 2
	}
	files, err := parser.Expand(inputs)
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "topgen gen: no models or pages in %v\n", inputs)
		return 2
	}
	loaded, err := parser.Inputs(files)
	ok := err == nil
	if err != nil {
		fmt.Fprintln(stderr, err)
	}
	st.done("load")
	var ins []gen.Input
	for _, in := range loaded {
		if !keep(in.API.Method) {
			continue
		}
		// Plan every API first, so that a naming problem names its file.
		if _, err := gen.Plan(in.API); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", in.Path, strings.TrimPrefix(err.Error(), "gen: "))
			ok = false
		}
		ins = append(ins, gen.Input{API: in.API, Path: in.Path})
	}
	if !ok {
		return 1
	}
	groups, err := gen.Group(ins, grouping, *pkg)
	var genFiles []gen.File
	if err == nil {
		genFiles, err = gen.GenerateGroups(groups, gen.Options{Package: *pkg})
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %s\n", strings.TrimPrefix(err.Error(), "gen: "))
		return 1
	}
	st.done("generate")
	managed, err := managedDirs(*out, genFiles)
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
		return 1
	}
	rep, err := gen.Write(*out, genFiles, managed, *check)
	st.done("write")
	st.print()
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", strings.TrimPrefix(err.Error(), "gen: "))
		return 1
	}
	fmt.Fprintf(stdout, "%d APIs: %s\n", len(ins), rep)
	return 0
}

// managedDirs lists the folders where stale generated files may be
// removed: the output root and its package folders one level down (every
// folder topgen writes to now, and every existing one, so that a package
// whose last API is gone is cleaned too). Deeper folders are never touched,
// and only files that carry topgen's generated header are ever removed.
func managedDirs(root string, files []gen.File) ([]string, error) {
	seen := map[string]bool{".": true}
	for _, f := range files {
		seen[path.Dir(f.Path)] = true
	}
	entries, err := os.ReadDir(root)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			seen[e.Name()] = true
		}
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs, nil
}
