package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/topgen/topgen/diff"
)

const diffExample = `
example:
  topgen diff --git origin/main --format markdown
  topgen diff old/specs specs --fail-on breaking
`

// runDiff implements `topgen diff`. The diff package parses its flags
// (before or after the operands); here -h goes to stdout with an example,
// a bad command line gets the usage, and with a config and --git the
// default PATH is the config's models folder.
func runDiff(args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			var usage bytes.Buffer
			diff.Main([]string{"-h"}, io.Discard, &usage)
			fmt.Fprint(stdout, usage.String(), diffExample)
			return 0
		}
	}
	var errb bytes.Buffer
	code := diff.Main(withModels(args), stdout, &errb)
	msg := errb.String()
	fmt.Fprint(stderr, msg)
	if code == 2 && strings.Contains(msg, "for usage") {
		var usage bytes.Buffer
		diff.Main([]string{"-h"}, io.Discard, &usage)
		fmt.Fprint(stderr, usage.String(), diffExample)
	}
	return code
}

// withModels adds the config's models folder as PATH to "--git REF" with
// no PATH, when a topgen.yaml is found.
func withModels(args []string) []string {
	git, operands := false, 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--git" || a == "-git":
			git = true
			i++
		case strings.HasPrefix(a, "--git=") || strings.HasPrefix(a, "-git="):
			git = true
		case a == "--format" || a == "-format" || a == "--fail-on" || a == "-fail-on" || a == "--ignore" || a == "-ignore" || a == "-C" || a == "--C":
			i++
		case !strings.HasPrefix(a, "-"):
			operands++
		}
	}
	if !git || operands > 0 {
		return args
	}
	var com common
	cfg, err := com.load()
	if err != nil || cfg == nil {
		return args
	}
	return append(append([]string(nil), args...), cfg.Path(cfg.Models))
}
