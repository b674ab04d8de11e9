package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

var versionCmd = &command{
	name:     "version",
	synopsis: "",
	about: `Prints topgen's module version from the build info (the version go.mod
pins when run as "go tool topgen"; "(devel)" for a local build), with the
VCS revision when known, and the Go version.`,
	example: "  go tool topgen version",
}

// runVersion implements `topgen version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	args, err := versionCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "topgen version: unexpected argument %q\n", args[0])
		versionCmd.help(stderr, fs)
		return 2
	}
	fmt.Fprintln(stdout, version())
	return 0
}

// version describes the running binary: "topgen VERSION [REVISION] GOVERSION".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "topgen (unknown version: built without module support)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	out := "topgen " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		out += " " + rev
	}
	return out + " " + bi.GoVersion
}
