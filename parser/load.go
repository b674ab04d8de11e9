package parser

import (
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
// stable order. In a folder it takes the models (*.yaml) and, for APIs
// without a model there, the pages; a folder is searched recursively, and
// hidden files and folders (".name") are skipped.
func Expand(args []string) ([]string, error) {
	return expand(args, func(p string) bool { return IsModelFile(p) || IsPageFile(p) }, preferModels)
}

// ExpandPages turns arguments into the doc pages to parse: a folder gives
// the pages in it and below it (models are left out), hidden ones skipped.
func ExpandPages(args []string) ([]string, error) {
	return expand(args, IsPageFile, func(files []string) []string { return files })
}

// expand lists the files of args, walking folders for the files keep
// accepts; pick chooses among a folder's files.
func expand(args []string, keep func(string) bool, pick func([]string) []string) ([]string, error) {
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
		out = append(out, pick(files)...)
	}
	return out, nil
}

// preferModels drops a page when a model of the same base name sits beside it.
func preferModels(files []string) []string {
	stem := func(p string) string { return strings.TrimSuffix(p, filepath.Ext(p)) }
	models := map[string]bool{}
	for _, f := range files {
		if IsModelFile(f) {
			models[stem(f)] = true
		}
	}
	var out []string
	for _, f := range files {
		if IsModelFile(f) || !models[stem(f)] {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
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
