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
	args, err := withModels(args)
	if err != nil {
		fmt.Fprintf(stderr, "topgen diff: %v\n", err)
		return 2
	}
	var errb bytes.Buffer
	code := diff.Main(args, stdout, &errb)
	msg := errb.String()
	fmt.Fprint(stderr, msg)
	if code == 2 && strings.Contains(msg, "for usage") {
		var usage bytes.Buffer
		diff.Main([]string{"-h"}, io.Discard, &usage)
		fmt.Fprint(stderr, usage.String(), diffExample)
	}
	return code
}

// withModels takes -config FILE out of args and, for "--git REF" with no
// PATH, adds the config's models folder (topgen.yaml found by -config or
// by walking up) as PATH. A config that does not load is an error.
func withModels(args []string) ([]string, error) {
	var com common
	var rest []string
	git, operands := false, 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			operands += len(args) - i - 1
			rest = append(rest, args[i:]...)
			i = len(args)
			continue
		case a == "--config" || a == "-config":
			if i+1 < len(args) {
				com.config = args[i+1]
			}
			i++
			continue
		case strings.HasPrefix(a, "--config=") || strings.HasPrefix(a, "-config="):
			com.config = a[strings.Index(a, "=")+1:]
			continue
		case a == "--git" || a == "-git":
			git = true
			if i+1 < len(args) {
				rest = append(rest, a)
				a = args[i+1]
			}
			i++
		case strings.HasPrefix(a, "--git=") || strings.HasPrefix(a, "-git="):
			git = true
		case diffValueFlag(a):
			if i+1 < len(args) {
				rest = append(rest, a)
				a = args[i+1]
			}
			i++
		case !strings.HasPrefix(a, "-"):
			operands++
		}
		rest = append(rest, a)
	}
	if !git || operands > 0 {
		return rest, nil
	}
	cfg, err := com.load()
	if err != nil || cfg == nil {
		return rest, err
	}
	return append(rest, cfg.Path(cfg.Models)), nil
}

// diffValueFlag reports the diff flags that take the next argument as value.
func diffValueFlag(a string) bool {
	switch strings.TrimLeft(a, "-") {
	case "format", "fail-on", "ignore", "C", "json-out":
		return strings.HasPrefix(a, "-")
	}
	return false
}
