package gen

import "strings"

// neutral keeps a line of doc text from becoming a build constraint or a
// compiler directive once written after "// ": go/build reads
// "// +build" (any spacing) as a constraint, which gofmt moves into the
// file header, and "go:build", "go:…" and "line " are directives when a
// comment's text starts with them. Such a line is quoted with "> ", which
// a reader still sees verbatim.
func neutral(line string) string {
	t := strings.TrimLeft(line, " \t/")
	if strings.HasPrefix(t, "+build") || strings.HasPrefix(t, "go:") || strings.HasPrefix(t, "line ") {
		return "> " + line
	}
	return line
}
