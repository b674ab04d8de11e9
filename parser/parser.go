// Package parser reads TOP doc pages — the page's text, its saved HTML, or
// the doc site's getDocument.json — into API models.
package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/topgen/topgen/model"
)

// Problem is an error or a warning at a line of a page.
type Problem struct {
	File    string
	Line    int // 1-based; 0 when the problem concerns the whole page
	Msg     string
	Warning bool
}

// Error renders the problem as "file:line: [warning: ]message".
func (p *Problem) Error() string {
	kind := ""
	if p.Warning {
		kind = "warning: "
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s%s", p.File, p.Line, kind, p.Msg)
	}
	return fmt.Sprintf("%s: %s%s", p.File, kind, p.Msg)
}

// Problems is a list of problems; as an error it reports all of them.
type Problems []*Problem

// Error renders every problem, one per line.
func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

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
func Parse(file string, data []byte) (*model.API, Problems, error) {
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
	sum := sha256.Sum256(data)
	api.Source = model.Source{File: filepath.Base(file), Format: format, SHA256: hex.EncodeToString(sum[:])}
	enrich(api)
	return api, warns, nil
}
