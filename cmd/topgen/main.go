// Command topgen parses Taobao Open Platform (TOP) doc pages into YAML
// models, generates Go SDK code from them, and diffs two versions of a model.
//
// Usage:
//
//	topgen parse [-o DIR] PAGE…
//	topgen fields FILE…
//	topgen gen [-o DIR] [-pkg NAME] [-group method|dir] [-check] [MODEL_OR_PAGE…]
//	topgen diff [flags] OLD NEW | topgen diff [flags] --git REF [PATH]
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  topgen parse [-o DIR] PAGE…        parse doc pages (text, HTML or JSON) into YAML models
  topgen fields FILE…                list every field of pages or models, tab-separated
  topgen gen [-o DIR] [-pkg NAME] [-group method|dir] [-check] [MODEL_OR_PAGE…]
                                     generate Go code (default: specs/ → generated/)
  topgen diff [flags] OLD NEW        say which changes between two models break callers
  topgen diff [flags] --git REF [PATH]
  topgen fetch -site URL -o DIR [flags] [SELECTOR…]
                                     download API docs from the TOP doc site, incrementally
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one topgen command and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "parse":
		return runParse(args[1:], stdout, stderr)
	case "fields":
		return runFields(args[1:], stdout, stderr)
	case "gen":
		return runGen(args[1:], stdout, stderr)
	case "diff":
		return runDiff(args[1:], stdout, stderr)
	case "fetch":
		return runFetch(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "topgen: unknown command %q\n%s", args[0], usage)
	return 2
}
