package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// Default folders of `topgen gen` with no arguments.
const (
	defaultSpecs = "specs"
	defaultOut   = "generated"
)

// runGen implements `topgen gen`.
func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", defaultOut, "write Go packages under `DIR`")
	pkg := fs.String("pkg", "", "put every API in one package `NAME` (default: one package per group)")
	group := fs.String("group", "method", "group APIs into packages by `KIND`: method (second segment of the method name) or dir (the input file's folder name)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff when the output is out of date")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *group != "method" && *group != "dir" {
		fmt.Fprintf(stderr, "topgen gen: -group %q: want method or dir\n", *group)
		return 2
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		inputs = []string{defaultSpecs}
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
	apis, paths, ok := loadAll(files, stderr)
	// Plan every API first, so that a naming problem names its file.
	for i, a := range apis {
		if _, err := gen.Plan(a); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", paths[i], strings.TrimPrefix(err.Error(), "gen: "))
			ok = false
		}
	}
	if !ok {
		return 1
	}
	var genFiles []gen.File
	if *pkg != "" || *group == "method" {
		genFiles, err = gen.Generate(apis, gen.Options{Package: *pkg})
	} else {
		groups := map[string][]*model.API{}
		for i, a := range apis {
			g := gen.SanitizePackage(filepath.Base(filepath.Dir(paths[i])))
			groups[g] = append(groups[g], a)
		}
		genFiles, err = gen.GenerateGroups(groups, gen.Options{})
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %s\n", strings.TrimPrefix(err.Error(), "gen: "))
		return 1
	}
	managed, err := managedDirs(*out, genFiles)
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
		return 1
	}
	rep, err := gen.Write(*out, genFiles, managed, *check)
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d APIs: %s\n", len(apis), rep)
	return 0
}

// loadAll loads every file, reporting all problems; it returns the APIs,
// each one's file, and whether all loaded.
func loadAll(files []string, stderr io.Writer) ([]*model.API, []string, bool) {
	results := parser.LoadAll(files)
	apis := make([]*model.API, 0, len(files))
	paths := make([]string, 0, len(files))
	ok := true
	for i, r := range results {
		// Warnings belong to `topgen parse`; gen reports only errors.
		if r.Err != nil {
			fmt.Fprintln(stderr, r.Err)
			ok = false
			continue
		}
		apis = append(apis, r.API)
		paths = append(paths, files[i])
	}
	return apis, paths, ok
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
