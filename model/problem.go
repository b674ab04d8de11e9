package model

import (
	"fmt"
	"strings"
)

// Problem is an error or a warning at a line of a file (a page, a model,
// a config or an overlay). The parsers, the model loader, the config and
// the overlays all report with it.
type Problem struct {
	File    string // the file, as named on the command line
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Msg     string // what is wrong and what was expected
	Warning bool   // a warning, not an error
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

// Problems is a list of problems; as an error it reports all of them, one per line.
type Problems []*Problem

// Error renders every problem, one per line.
func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Addf appends an error at file:line.
func (ps *Problems) Addf(file string, line int, format string, args ...any) {
	*ps = append(*ps, &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}
