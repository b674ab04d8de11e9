package diff

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const usage = `usage: topgen diff [flags] OLD NEW
       topgen diff [flags] --git REF [PATH]

Reports the changes between two versions of TOP API models that break SDK
users. OLD and NEW are two models, two pages or two folders of them (APIs are
paired by method name). With --git, the models (*.yaml) under PATH (default
specs/) at git revision REF are compared with the working tree.

Exit status: 0 when no finding reaches --fail-on (or no --fail-on), 1 when one
does, 2 on errors (unreadable input, bad flags, bad ignore file).

Flags:
`

// Main runs `topgen diff` with the arguments after "diff" and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, nil)
}

// errUsage marks a bad command line; its message is followed by the usage.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

type config struct {
	format  string
	failOn  severity
	ignore  string
	gitRef  string
	dir     string
	jsonOut string
	args    []string
}

func parseArgs(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("topgen diff", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := &config{}
	fs.StringVar(&cfg.format, "format", "text", "output `format`: "+strings.Join(formats(), ", "))
	failOn := fs.String("fail-on", "", "exit 1 when a finding at or above this `severity` (breaking, warning, info) is reported and not ignored")
	fs.StringVar(&cfg.ignore, "ignore", "", "YAML `file` listing accepted findings: - {rule, api, path, reason}")
	fs.StringVar(&cfg.gitRef, "git", "", "compare the models under PATH at git revision `REF` with the working tree")
	fs.StringVar(&cfg.dir, "C", "", "run as if started in `DIR`")
	fs.StringVar(&cfg.jsonOut, "json-out", "", "also write the full JSON report to `FILE` (the markdown report, cut at 65,536 characters, points to it)")
	printUsage := func() {
		fmt.Fprint(stderr, usage)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	// Flags may follow the operands: parse, take an operand, parse on.
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage()
				return nil, err
			}
			return nil, errUsage{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			cfg.args = append(cfg.args, args[1:]...)
			break
		}
		cfg.args = append(cfg.args, args[0])
		args = args[1:]
	}
	valid := false
	for _, f := range formats() {
		valid = valid || f == cfg.format
	}
	if !valid {
		return nil, errUsage{fmt.Sprintf("bad --format %q: want one of %s", cfg.format, strings.Join(formats(), ", "))}
	}
	if *failOn != "" {
		sev, ok := parseSeverity(*failOn)
		if !ok {
			return nil, errUsage{fmt.Sprintf("bad --fail-on %q: want breaking, warning or info", *failOn)}
		}
		cfg.failOn = sev
	}
	switch {
	case cfg.gitRef != "" && len(cfg.args) > 1:
		return nil, errUsage{"with --git, give at most one PATH"}
	case cfg.gitRef == "" && len(cfg.args) != 2:
		return nil, errUsage{fmt.Sprintf("want OLD and NEW (or --git REF [PATH]), got %d operands", len(cfg.args))}
	}
	return cfg, nil
}

func run(args []string, stdout, stderr io.Writer, goapi goIdents) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen diff: %v\n(run 'topgen diff -h' for usage)\n", err)
		return 2
	}
	rep, err := cfg.report(goapi)
	if err != nil {
		fmt.Fprintf(stderr, "topgen diff: %v\n", err)
		return 2
	}
	if cfg.jsonOut != "" {
		var b strings.Builder
		err := rep.Write(&b, "json")
		if err == nil {
			err = os.WriteFile(resolve(cfg.dir, cfg.jsonOut), []byte(b.String()), 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "topgen diff: writing --json-out: %v\n", err)
			return 2
		}
		rep.jsonPath = cfg.jsonOut
	}
	if err := rep.Write(stdout, cfg.format); err != nil {
		fmt.Fprintf(stderr, "topgen diff: writing report: %v\n", err)
		return 2
	}
	if cfg.failOn != "" && rep.Fails(cfg.failOn) {
		return 1
	}
	return 0
}

// report loads both sides, compares them and applies the ignore file.
func (cfg *config) report(goapi goIdents) (*report, error) {
	var entries []ignoreEntry
	if cfg.ignore != "" {
		data, err := os.ReadFile(resolve(cfg.dir, cfg.ignore))
		if err != nil {
			return nil, fmt.Errorf("reading ignore file: %w", err)
		}
		if entries, err = parseIgnore(cfg.ignore, data); err != nil {
			return nil, fmt.Errorf("bad ignore file:\n%w", err)
		}
	}
	var (
		old, new         docSet
		oldName, newName string
		err              error
	)
	if cfg.gitRef != "" {
		path := "specs"
		if len(cfg.args) == 1 {
			path = filepath.Clean(cfg.args[0])
		}
		dir := cfg.dir
		if dir == "" {
			dir = "."
		}
		old, new, err = loadGit(dir, cfg.gitRef, path)
		oldName, newName = cfg.gitRef+":"+filepath.ToSlash(path), filepath.ToSlash(path)
	} else {
		oldName, newName = cfg.args[0], cfg.args[1]
		if old, err = loadPaths(cfg.dir, cfg.args[0]); err == nil {
			new, err = loadPaths(cfg.dir, cfg.args[1])
		}
		if err == nil && len(old) == 0 && len(new) == 0 {
			err = fmt.Errorf("no models or pages in %s or %s", oldName, newName)
		}
	}
	if err != nil {
		return nil, err
	}
	fs, err := compareSets(old.APIs(), new.APIs(), options{Go: goapi})
	if err != nil {
		return nil, err
	}
	locate(fs, old, new)
	fs = applyIgnores(fs, entries, cfg.ignore)
	rep := newReport(oldName, newName, fs)
	for _, a := range new.APIs() {
		if c := a.ChangeDiff; c != nil {
			rep.addChangeDiff(a.Method, changeDiff{Modified: changeTime(c.Modified), Input: c.Request, Output: c.Response})
		}
	}
	return rep, nil
}

// changeTime shows a changeDiff's epoch milliseconds as TOP's GMT+8 time.
func changeTime(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).In(time.FixedZone("GMT+8", 8*3600)).Format("2006-01-02 15:04:05")
}
