package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/topgen/topgen/config"
	"github.com/topgen/topgen/fetch"
)

var fetchCmd = &command{
	name:     "fetch",
	synopsis: "-site URL -o DIR [-rate N] [-folder ID=NAME…] [-prune] [-config FILE] [METHOD|CATEGORY…]",
	about: `Downloads API docs from the TOP doc site into <DIR>/<category folder>/<method>.json,
incrementally and politely (rate limit, retries, anti-bot back-off); a doc that
keeps failing keeps its earlier file. A selector is a method or a category (id,
name or folder); none fetches the whole catalogue. With a topgen.yaml, its fetch
block gives -site, -o, -rate and -folder; flags override it.`,
	example: `  topgen fetch -o docs                         # the whole catalogue
  topgen fetch -o docs taobao.item.get 21055   # one method and one category
  topgen fetch -o docs -prune -progress log    # CI: drop withdrawn APIs, plain log`,
}

// runFetch implements `topgen fetch -site URL -o DIR [SELECTOR…]`. With a
// topgen.yaml, its fetch block gives the defaults of -site, -o, -rate and
// -folder (-o: the block's dir, else the first of docs).
func runFetch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o fetch.Options
	fs.StringVar(&o.Site, "site", fetch.DefaultSite, "the doc site's base `URL`")
	fs.StringVar(&o.Dir, "o", "", "write <DIR>/<category folder>/<method>.json under `DIR` (default: the config's fetch dir, else the first of its docs; required without a config)")
	fs.Float64Var(&o.Rate, "rate", 2, "at most `N` requests per second, plus jitter (0: unlimited)")
	fs.IntVar(&o.Retries, "retries", 5, "retry network errors, 429, 503 and truncated answers `N` times")
	fs.DurationVar(&o.Backoff, "backoff", time.Second, "first retry back-off, doubled each retry")
	fs.DurationVar(&o.AntiBotWait, "antibot-wait", 5*time.Minute, "pause after an anti-bot reply before resuming")
	fs.BoolVar(&o.Prune, "prune", false, "remove the files of APIs withdrawn from the catalogue")
	o.Folders = map[int64]string{}
	fs.Func("folder", "map a category to a folder: `ID=NAME` (repeatable; default: the folder an earlier run used, else cat<ID>)", func(s string) error {
		id, name, ok := strings.Cut(s, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if !ok || err != nil || strings.TrimSpace(name) == "" {
			return fmt.Errorf("want ID=NAME, e.g. 21055=admarket")
		}
		o.Folders[n] = strings.TrimSpace(name)
		return nil
	})
	var com common
	com.registerConfig(fs)
	progress := fs.String("progress", "auto", "progress display: `auto` (a bar on a terminal), bar or log")
	selectors, err := fetchCmd.parse(fs, args, stdout, stderr)
	if err != nil {
		return exitFor(err)
	}
	cfg, err := com.load()
	if err != nil {
		fmt.Fprintf(stderr, "topgen fetch: %v\n", err)
		return 2
	}
	if cfg != nil {
		applyFetchConfig(fs, &o, cfg)
	}
	if o.Dir == "" {
		fmt.Fprintln(stderr, "topgen fetch: -o DIR is required")
		fetchCmd.help(stderr, fs)
		return 2
	}
	if o.Rate == 0 {
		o.Rate = -1 // unlimited
	}
	if o.Retries == 0 {
		o.Retries = -1
	}
	switch *progress {
	case "auto":
		o.Terminal = isTerminal(stderr)
	case "bar":
		o.Terminal = true
	case "log":
	default:
		fmt.Fprintf(stderr, "topgen fetch: -progress %q: want auto, bar or log\n", *progress)
		return 2
	}
	o.Selectors = selectors
	o.Log = stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, err := fetch.Run(ctx, o)
	if sum != nil && sum.Docs > 0 {
		fmt.Fprintln(stdout, sum.String())
		if sum.Resumed > 0 {
			fmt.Fprintf(stderr, "%d docs stored by an interrupted run were not fetched again\n", sum.Resumed)
		}
		fmt.Fprintf(stderr, "%d requests, %d retries, %s\n", sum.Requests, sum.Retries, sum.Elapsed.Round(time.Millisecond))
	}
	if err != nil {
		fmt.Fprintf(stderr, "topgen fetch: %v\n", err)
		return 1
	}
	if len(sum.Failed) > 0 {
		return 1
	}
	return 0
}

// applyFetchConfig fills the options whose flags were not given from the
// config's fetch block; a -folder flag wins over the block for its category.
func applyFetchConfig(fs *flag.FlagSet, o *fetch.Options, cfg *config.Config) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	f := cfg.Fetch
	if !set["site"] && f.Site != "" {
		o.Site = f.Site
	}
	if !set["o"] && f.Dir != "" {
		o.Dir = cfg.Path(f.Dir)
	}
	if !set["rate"] && f.Rate != nil {
		o.Rate = *f.Rate
	}
	for id, name := range f.Folders {
		if _, ok := o.Folders[id]; !ok {
			o.Folders[id] = name
		}
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
