// Command topgen parses Taobao Open Platform (TOP) doc pages into YAML
// models, generates Go SDK code from them, and diffs two versions of a model.
//
// Usage:
//
//	topgen init [-force]
//	topgen parse [-o DIR] [PAGE_OR_DIR…]
//	topgen fields FILE…
//	topgen gen [-o DIR] [-pkg NAME] [-group method|dir|one] [-check] [MODEL_OR_PAGE_OR_DIR…]
//	topgen diff [flags] OLD NEW | topgen diff [flags] --git REF [PATH]
//	topgen fetch [-site URL] [-o DIR] [flags] [METHOD|CATEGORY…]
//	topgen version
//
// Settings come from topgen.yaml (found in the working folder or a
// parent, or given with -config FILE); flags override them. Every
// subcommand answers -h.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: topgen COMMAND [flags] [arguments]   (flags before or after the arguments)

commands:
  init      write a commented starter topgen.yaml
  parse     parse doc pages (JSON, HTML or text) into YAML models
  gen       generate Go code from the models
  diff      say which changes between two versions of the models break callers
  fetch     download API docs from the TOP doc site, incrementally
  fields    list every field of pages or models, tab-separated
  version   print topgen's version

Settings come from topgen.yaml in this folder or a parent (or -config FILE);
flags override them. "topgen COMMAND -h" describes a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one topgen command and returns the process exit status:
// 0 ok, 1 when the input has problems (or diff finds what --fail-on names),
// 2 on a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "parse":
		return runParse(args[1:], stdout, stderr)
	case "fields":
		return runFields(args[1:], stdout, stderr)
	case "gen":
		return runGen(args[1:], stdout, stderr)
	case "diff":
		return runDiff(args[1:], stdout, stderr)
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "fetch":
		return runFetch(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && !isHelp(args[1]) {
			return run([]string{args[1], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "topgen: unknown command %q\n%s", args[0], usage)
	return 2
}

// isHelp reports the words that ask for the usage.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}
