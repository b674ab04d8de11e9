package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"

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
	apis, dirs, ok := loadAll(files, stderr)
	if !ok {
		return 1
	}
	var genFiles []gen.File
	if *pkg != "" || *group == "method" {
		genFiles, err = gen.Generate(apis, gen.Options{Package: *pkg})
	} else {
		groups := map[string][]*model.API{}
		for i, a := range apis {
			g := gen.SanitizePackage(filepath.Base(dirs[i]))
			groups[g] = append(groups[g], a)
		}
		genFiles, err = gen.GenerateGroups(groups, gen.Options{})
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen gen: %v\n", err)
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
// each one's folder, and whether all loaded.
func loadAll(files []string, stderr io.Writer) ([]*model.API, []string, bool) {
	results := parser.LoadAll(files)
	apis := make([]*model.API, 0, len(files))
	dirs := make([]string, 0, len(files))
	ok := true
	for i, r := range results {
		// Warnings belong to `topgen parse`; gen reports only errors.
		if r.Err != nil {
			fmt.Fprintln(stderr, r.Err)
			ok = false
			continue
		}
		apis = append(apis, r.API)
		dirs = append(dirs, filepath.Dir(files[i]))
	}
	return apis, dirs, ok
}

// managedDirs lists the folders under root where stale generated files may
// be removed: every folder topgen writes to now, and every existing folder
// below root (so a package whose last API is gone is cleaned too). Only
// files that carry topgen's generated header are ever removed.
func managedDirs(root string, files []gen.File) ([]string, error) {
	seen := map[string]bool{}
	for _, f := range files {
		seen[path.Dir(f.Path)] = true
	}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return filepath.SkipAll
			}
			return err
		}
		if d.IsDir() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs, err
}
