// Package parser reads TOP doc pages — the page's text, its saved HTML, or
// the doc site's getDocument.json — into API models.
package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"regexp"

	"github.com/topgen/topgen/model"
)

// Problem is an error or a warning at a line of a page (model.Problem:
// one positioned problem type serves the parsers, the model, the config
// and the overlays).
type Problem = model.Problem

// Problems is a list of problems; as an error it reports all of them.
type Problems = model.Problems

// Detect tells a page's format from its content: JSON when it starts with
// "{", HTML when it starts with "<" or holds an <html>, <body> or <table>
// element, text otherwise. A page whose first line is a text page's title
// ("method (中文名)") is text, whatever its XML example holds
// (<body>, <table_id>).
func Detect(data []byte) model.Format {
	s := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(s, []byte("{")) {
		return model.FormatJSON
	}
	if bytes.HasPrefix(s, []byte("<")) {
		return model.FormatHTML
	}
	first, _, _ := bytes.Cut(s, []byte("\n"))
	if titleRE.Match(bytes.TrimSpace(first)) {
		return model.FormatText
	}
	if htmlElemRE.Match(s[:min(len(s), 4096)]) {
		return model.FormatHTML
	}
	return model.FormatText
}

// htmlElemRE finds an <html>, <body> or <table> start tag (not <table_id>).
var htmlElemRE = regexp.MustCompile(`(?i)<(?:html|body|table)[\s>/]`)

// Parse reads one page of any format. file names the page in problems and
// in the model's source. It returns the model and the warnings, or an error
// of type Problems listing every problem found (and no model).
func Parse(file string, raw []byte) (*model.API, Problems, error) {
	data, _, bad := toUTF8(file, raw)
	if bad != nil {
		return nil, nil, Problems{bad}
	}
	format := Detect(data)
	var (
		api   *model.API
		warns Problems
		errs  Problems
	)
	switch format {
	case model.FormatJSON:
		api, warns, errs = parseJSON(file, data)
	case model.FormatHTML:
		api, warns, errs = parseHTML(file, data)
	default:
		api, warns, errs = parseText(file, data)
	}
	if len(errs) > 0 {
		return nil, warns, errs
	}
	if bad := checkModel(file, data, api); len(bad) > 0 {
		return nil, warns, bad
	}
	sum := sha256.Sum256(raw)
	api.Source = model.Source{File: filepath.Base(file), Format: format, SHA256: hex.EncodeToString(sum[:])}
	enrich(api)
	return api, warns, nil
}

// checkModel holds what every format's model must pass before it is
// written: a method that can name files, and no misspelt built-in type.
func checkModel(file string, data []byte, api *model.API) Problems {
	if err := model.CheckMethod(api.Method); err != nil {
		// The method names the model and code files: check it before any file is named.
		return Problems{{File: file, Line: methodLine(data, api.Method), Msg: err.Error()}}
	}
	return checkTypes(file, data, api)
}

// methodLine is the 1-based line where a page first holds text (a method or a type), or 0.
func methodLine(data []byte, method string) int {
	if method == "" {
		return 0
	}
	i := bytes.Index(data, []byte(method))
	if i < 0 {
		return 0
	}
	return 1 + bytes.Count(data[:i], []byte("\n"))
}

// checkTypes reports every field whose type looks like a misspelt
// built-in type, at the line where the page first writes that type.
func checkTypes(file string, data []byte, a *model.API) Problems {
	var ps Problems
	objects := model.ObjectTypes(a)
	var walk func(fs []*model.Field, sec model.Section, path string)
	walk = func(fs []*model.Field, sec model.Section, path string) {
		for _, f := range fs {
			if err := model.CheckType(f, objects); err != nil {
				ps.Addf(file, methodLine(data, f.Type), "%s field %q: %v", sec, path+f.Name, err)
			}
			walk(f.Fields, sec, path+f.Name+".")
		}
	}
	walk(a.Request, model.Request, "")
	walk(a.Response, model.Response, "")
	return ps
}
