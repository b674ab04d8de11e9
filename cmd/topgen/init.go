package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/topgen/topgen/config"
	"github.com/topgen/topgen/internal/atomicfile"
)

var initCmd = &command{
	name:     "init",
	synopsis: "[-force]",
	about: `Writes a commented starter topgen.yaml in the working folder (docs/ →
models/ → sdk/, one package per doc folder, overlays/). An existing
topgen.yaml is kept unless -force.`,
	example: "  topgen init && mkdir -p docs/tbk && cp taobao.tbk.order.get.json docs/tbk/",
}

// runInit implements `topgen init`.
func runInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	force := fs.Bool("force", false, "overwrite an existing topgen.yaml")
	args, err := initCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "topgen init: unexpected argument %q\n", args[0])
		initCmd.help(stderr, fs)
		return 2
	}
	if _, err := os.Stat(config.FileName); err == nil && !*force {
		fmt.Fprintf(stderr, "topgen init: %s exists; keep it, or run with -force to overwrite it\n", config.FileName)
		return 1
	}
	if _, err := atomicfile.Write(config.FileName, config.Starter()); err != nil {
		fmt.Fprintf(stderr, "topgen init: writing %s: %v\n", config.FileName, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", config.FileName)
	return 0
}
