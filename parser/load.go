package parser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/topgen/topgen/model"
)

// IsModelFile reports whether path names a YAML model rather than a page.
func IsModelFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// IsPageFile reports whether path names a doc page topgen reads (.txt, .html, .htm, .json).
func IsPageFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".html", ".htm", ".json":
		return filepath.Base(path) != "catelog.json"
	}
	return false
}

// Load reads a YAML model or a doc page of any format.
func Load(path string) (*model.API, Problems, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if IsModelFile(path) {
		api, err := model.Unmarshal(path, data)
		return api, nil, err
	}
	return Parse(path, data)
}

// Expand turns arguments (files or folders) into the files to load, in a
// stable order: in a folder, searched recursively, the models (*.yaml,
// *.yml; other YAML, such as a diff ignore file, is left out) and the
// pages. Hidden files and folders (".name") are skipped. Models and pages
// are paired by method, never by file name: see Inputs.
func Expand(args []string) ([]string, error) {
	return expand(args, func(p string) bool {
		if IsModelFile(p) {
			data, err := os.ReadFile(p)
			return err != nil || model.IsModelYAML(data)
		}
		return IsPageFile(p)
	})
}

// ExpandPages turns arguments into the doc pages to parse: a folder gives
// the pages in it and below it (models are left out), hidden ones skipped.
func ExpandPages(args []string) ([]string, error) {
	return expand(args, IsPageFile)
}

// expand lists the files of args, walking folders for the files keep
// accepts. A file named as an argument is always kept.
func expand(args []string, keep func(string) bool) ([]string, error) {
	var out []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, arg)
			continue
		}
		var files []string
		err = filepath.WalkDir(arg, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != arg && strings.HasPrefix(d.Name(), ".") {
				// Hidden files and folders are skipped, as the go tool does.
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && keep(p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		out = append(out, files...)
	}
	return out, nil
}

// Input is one API to generate or compare: its model and the file it came from.
type Input struct {
	API      *model.API // the model
	Path     string     // the model or page it was loaded from
	Warnings Problems   // the page's warnings
}

// Inputs loads files (models and pages, as Expand lists them) and keeps
// one per method, in the order of files: a model wins over a page of the
// same method, whatever the files are called. Two models, or two pages,
// of one method are an error naming both files. Every problem is
// returned, as Problems; the inputs that did load are returned too.
func Inputs(files []string) ([]Input, error) {
	results := LoadAll(files)
	var errs Problems
	byMethod := map[string]int{}
	var out []Input
	for i, r := range results {
		if r.Err != nil {
			var ps Problems
			if errors.As(r.Err, &ps) {
				errs = append(errs, ps...)
			} else {
				errs = append(errs, &Problem{File: files[i], Msg: r.Err.Error()})
			}
			continue
		}
		in := Input{API: r.API, Path: files[i], Warnings: r.Warnings}
		j, dup := byMethod[r.API.Method]
		if !dup {
			byMethod[r.API.Method] = len(out)
			out = append(out, in)
			continue
		}
		prev := out[j]
		switch pm, im := IsModelFile(prev.Path), IsModelFile(in.Path); {
		case pm && !im:
			// The reviewed model wins over its page.
		case !pm && im:
			out[j] = in
		default:
			errs = append(errs, &Problem{File: in.Path, Msg: fmt.Sprintf(
				"method %s is also declared by %s: one API per method; remove or rename one of the two", r.API.Method, prev.Path)})
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// Loaded is the outcome of loading one file.
type Loaded struct {
	API      *model.API // the model, nil when Err is set
	Warnings Problems   // warnings, also when the file loaded
	Err      error      // why the file did not load
}

// LoadAll loads files on all cores; results are in the order of paths.
func LoadAll(paths []string) []Loaded {
	out := make([]Loaded, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				api, warns, err := Load(paths[i])
				out[i] = Loaded{API: api, Warnings: warns, Err: err}
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
