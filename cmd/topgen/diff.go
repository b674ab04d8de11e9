package main

import (
	"io"

	"github.com/topgen/topgen/diff"
)

// runDiff implements `topgen diff`.
func runDiff(args []string, stdout, stderr io.Writer) int {
	return diff.Main(args, stdout, stderr)
}
