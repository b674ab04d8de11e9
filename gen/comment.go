package gen

import "strings"

// neutral keeps a line of doc text from becoming a build constraint or a
// compiler directive once written after "// ": go/build reads
// "// +build" (any spacing) as a constraint, which gofmt moves into the
// file header; "go:…" and "//line" are directives when a comment starts
// with them (quoted too, whatever the spacing, so no tool mistakes them). Such a line is quoted with "> ", which
// a reader still sees verbatim.
func neutral(line string) string {
	t := strings.TrimLeft(line, " \t/")
	if strings.HasPrefix(t, "+build") || strings.HasPrefix(t, "go:") ||
		(strings.HasPrefix(t, "line ") && strings.HasPrefix(line, "/")) {
		return "> " + line
	}
	return line
}

// RuntimeVersion is the version of the top runtime that generated code
// needs; client_gen.go references top.RequireRuntime<RuntimeVersion>, so
// it fails to compile against an older runtime (see top/version.go).
const RuntimeVersion = 1
