package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// runParse implements `topgen parse [-o DIR] PAGE…`.
func runParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write models to `DIR` (default: beside each page)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: topgen parse [-o DIR] PAGE_OR_DIR…")
		return 2
	}
	pages, err := parser.ExpandPages(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "topgen parse: %v\n", err)
		return 2
	}
	status := 0
	for _, page := range pages {
		api, warns, err := parser.Load(page)
		printProblems(stderr, warns)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		data, err := model.Marshal(api)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", page, err)
			status = 1
			continue
		}
		dir := *out
		if dir == "" {
			dir = filepath.Dir(page)
		}
		dst := filepath.Join(dir, api.Method+".yaml")
		if err := writeFileAtomic(dst, data); err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "%s -> %s\n", page, dst)
	}
	return status
}

// runFields implements `topgen fields FILE…`.
func runFields(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: topgen fields FILE…")
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
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return status
}

// printProblems prints warnings, one per line.
func printProblems(w io.Writer, ps parser.Problems) {
	for _, p := range ps {
		fmt.Fprintln(w, p.Error())
	}
}

// writeFileAtomic writes data through a temporary file in the same folder
// and renames it into place, so a failure leaves the old file intact. An
// unchanged file is not rewritten.
func writeFileAtomic(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
