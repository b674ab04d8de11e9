// Package templates holds the text templates topgen renders for non-Go
// output, such as the markdown report of `topgen diff`.
package templates

import "embed"

// FS holds every *.tmpl file of this folder, e.g. "diff.md.tmpl".
//
//go:embed *.tmpl
var FS embed.FS
