package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/topgen/topgen/config"
)

// command is one subcommand: its synopsis, help text, example and flags.
type command struct {
	name     string
	synopsis string // arguments after the name
	about    string // what it does, a few lines
	example  string // one or more example lines
	flags    func(*flag.FlagSet)
}

// help writes the subcommand's usage: synopsis, text, flags and example.
func (c *command) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: topgen %s %s\n\n%s\n", c.name, c.synopsis, c.about)
	if fs != nil {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		if b.Len() > 0 {
			fmt.Fprintf(w, "\nflags (before or after the arguments):\n%s", b.String())
		}
	}
	fmt.Fprintf(w, "\nexample:\n%s\n", c.example)
}

// errHelp is returned by parse after -h printed the usage (exit 0).
var errHelp = errors.New("help")

// parse parses flags and arguments in any order ("--" ends the flags).
// -h prints the usage to stdout; a bad flag prints the error and the usage
// to stderr. The caller exits 0 on errHelp and 2 on other errors.
func (c *command) parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(stdout, fs)
				return nil, errHelp
			}
			fmt.Fprintf(stderr, "topgen %s: %v\n", c.name, err)
			c.help(stderr, fs)
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil // the flag package swallowed the "--"
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// common are the flags every subcommand that reads topgen.yaml takes.
type common struct {
	config  string
	verbose bool
}

func (c *common) register(fs *flag.FlagSet) {
	c.registerConfig(fs)
	fs.BoolVar(&c.verbose, "v", false, "print the time each stage took")
}

// registerConfig adds -config alone (for fetch, which has no stages to time).
func (c *common) registerConfig(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "read settings from `FILE` (default: topgen.yaml in this folder or a parent)")
}

// load finds and loads the config: -config FILE, else topgen.yaml walking
// up from the working folder; without one, it returns nil.
func (c *common) load() (*config.Config, error) {
	file := c.config
	if file == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if file, err = config.Find(wd); err != nil || file == "" {
			return nil, err
		}
	}
	return config.Load(file)
}

// stages times a run's stages for -v.
type stages struct {
	on    bool
	w     io.Writer
	name  string
	start time.Time
	parts []string
}

func newStages(on bool, w io.Writer, name string) *stages {
	return &stages{on: on, w: w, name: name, start: time.Now()}
}

// done ends the current stage.
func (s *stages) done(stage string) {
	if !s.on {
		return
	}
	now := time.Now()
	s.parts = append(s.parts, fmt.Sprintf("%s %s", stage, now.Sub(s.start).Round(time.Microsecond)))
	s.start = now
}

// print writes the timings on one line.
func (s *stages) print() {
	if s.on {
		fmt.Fprintf(s.w, "topgen %s: %s\n", s.name, strings.Join(s.parts, ", "))
	}
}
