// Package fetch downloads API documents from the TOP doc site
// (open.taobao.com) into one JSON file per API, politely and incrementally:
// rate limited, retried with back-off, resuming after anti-bot blocks and
// expired tokens, writing atomically and only what changed.
package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultSite is the TOP doc site.
const DefaultSite = "https://open.taobao.com"

// Options configure a run. The zero value of a field means its default.
type Options struct {
	// Site is the doc site's base URL (default DefaultSite).
	Site string
	// Dir is the output folder: <Dir>/<category folder>/<method>.json.
	Dir string
	// Selectors pick methods or categories (id or name); none means all.
	Selectors []string
	// Rate is the request rate limit in requests per second (default 2;
	// negative means unlimited). Up to 25% jitter is added to each gap.
	Rate float64
	// Retries is how many times a network error, 429, 503 or truncated
	// answer is retried (default 5; negative means none).
	Retries int
	// Backoff is the first retry's back-off, doubled each retry (default 1s).
	Backoff time.Duration
	// MaxBackoff caps the back-off (default 1m).
	MaxBackoff time.Duration
	// AntiBotWait is the pause after an anti-bot reply (default 5m).
	AntiBotWait time.Duration
	// AntiBotRetries is how many anti-bot pauses one request may take (default 3).
	AntiBotRetries int
	// MaxConsecutiveFailures stops the run as an outage after this many
	// documents failed in a row (default 10).
	MaxConsecutiveFailures int
	// Prune removes the files of APIs withdrawn from the catalogue.
	Prune bool
	// Folders maps category ids to folder names. Unmapped categories keep
	// the folder an earlier run recorded, or get cat<id>.
	Folders map[int64]string
	// HTTPClient is the client to use (its Jar is replaced).
	HTTPClient *http.Client
	// Timeout bounds one request (default 60s).
	Timeout time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// MaxBody caps an answer's size (default 32 MiB).
	MaxBody int64
	// Log receives progress: a bar when Terminal, log lines otherwise.
	Log io.Writer
	// Terminal draws a progress bar on Log instead of log lines.
	Terminal bool
}

func (o Options) withDefaults() Options {
	if o.Site == "" {
		o.Site = DefaultSite
	}
	if o.Rate == 0 {
		o.Rate = 2
	}
	if o.Retries == 0 {
		o.Retries = 5
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.AntiBotWait == 0 {
		o.AntiBotWait = 5 * time.Minute
	}
	if o.AntiBotRetries == 0 {
		o.AntiBotRetries = 3
	}
	if o.MaxConsecutiveFailures <= 0 {
		o.MaxConsecutiveFailures = 10
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = "topgen-fetch (+https://github.com/topgen/topgen)"
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 32 << 20
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// Failure is a document that could not be fetched; its earlier file, if
// any, is left as it was.
type Failure struct {
	Method string
	Err    string
}

// Summary is the outcome of a run.
type Summary struct {
	// Docs is the number of catalogue entries selected.
	Docs int
	// New, Changed and Unchanged count the documents stored.
	New, Changed, Unchanged int
	// Resumed counts documents an interrupted run had stored, not fetched again (also in Unchanged).
	Resumed int
	// Withdrawn lists the files (relative to Dir) of APIs no longer in the catalogue.
	Withdrawn []string
	// Pruned reports whether the withdrawn files were removed.
	Pruned bool
	// Failed lists the documents that failed.
	Failed []Failure
	// Requests is the number of HTTP requests sent; Retries the retries and back-offs.
	Requests, Retries int
	// Elapsed is the run's duration.
	Elapsed time.Duration
}

// String is the summary line: "N docs: A new, B changed, C unchanged, D withdrawn, E failed".
func (s *Summary) String() string {
	return fmt.Sprintf("%d docs: %d new, %d changed, %d unchanged, %d withdrawn, %d failed",
		s.Docs, s.New, s.Changed, s.Unchanged, len(s.Withdrawn), len(s.Failed))
}

// ErrOutage is returned (wrapped) when the site could not be reached at all
// or failed too many times in a row; the run stops.
var ErrOutage = errors.New("doc site outage")

// job is one document to fetch.
type job struct {
	entry  entry
	folder string
}

// Run fetches the selected documents into o.Dir. It returns the summary of
// what was done; the error is non-nil when the run could not complete
// (bad options or selectors, an outage, a write error). Documents that
// failed are in the summary, not in the error.
func Run(ctx context.Context, o Options) (*Summary, error) {
	start := time.Now()
	o = o.withDefaults()
	if o.Dir == "" {
		return nil, errors.New("no output folder: want -o DIR")
	}
	for id, f := range o.Folders {
		if !safeName.MatchString(f) || f == CategoryFile {
			return nil, fmt.Errorf("folder name %q for category %d: want letters, digits, '_', '-' or '.'", f, id)
		}
	}
	st, err := openStore(o.Dir)
	if err != nil {
		return nil, err
	}
	prog := newProgress(o.Log, o.Terminal)
	c, err := newClient(o.Site, &o, prog.logf)
	if err != nil {
		return nil, err
	}
	sum := &Summary{}
	defer func() {
		sum.Requests, sum.Retries, sum.Elapsed = c.requests, c.retries, time.Since(start)
	}()
	raw, err := c.catalogue(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		return sum, fmt.Errorf("%w: %v", ErrOutage, err)
	}
	cats, err := parseCatalogue(raw)
	if err != nil {
		return sum, err
	}
	jobs, scope, inUse, err := selectJobs(cats, o.Selectors, st, o.Folders)
	if err != nil {
		return sum, err
	}
	sum.Docs = len(jobs)
	// Withdrawn: files in the folders in scope that the catalogue no longer lists.
	listed := map[string]bool{}
	for _, j := range jobs {
		listed[j.folder+"/"+j.entry.Method] = true
	}
	if scope != nil {
		var keys []string
		for k := range st.docs {
			folder, _, _ := strings.Cut(k, "/")
			if scope(folder) && !listed[k] && isDocOf(st.docs[k], k[len(folder)+1:]) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			sum.Withdrawn = append(sum.Withdrawn, k+".json")
		}
	}

	jr := openJournal(o.Dir, time.Now())
	prog.start(len(jobs))
	consecutive := 0
	written := map[int64]bool{} // categories whose record is up to date
	for _, cat := range cats {
		written[cat.ID] = false
	}
	catOf := map[string]*category{}
	for _, cat := range cats {
		for _, e := range cat.Entries {
			catOf[e.Method] = cat
		}
	}
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			jr.close(false)
			return sum, err
		}
		path := filepath.Join(o.Dir, j.folder, j.entry.Method+".json")
		if jr.skip(j.entry.DocID, path) {
			sum.Unchanged++
			sum.Resumed++
			prog.step("", c.requests, c.retries)
			continue
		}
		res, err := fetchDoc(ctx, c, j, path)
		if err != nil && ctx.Err() != nil {
			jr.close(false)
			return sum, ctx.Err()
		}
		if err != nil {
			var we *writeError
			if errors.As(err, &we) {
				jr.close(false)
				return sum, err
			}
			msg := strings.TrimPrefix(err.Error(), j.entry.Method+": ")
			sum.Failed = append(sum.Failed, Failure{Method: j.entry.Method, Err: msg})
			prog.step("failed "+j.entry.Method+": "+msg, c.requests, c.retries)
			consecutive++
			if consecutive >= o.MaxConsecutiveFailures {
				jr.close(false)
				return sum, fmt.Errorf("%w: %d documents failed in a row; stopping (last: %v)", ErrOutage, consecutive, err)
			}
			continue
		}
		consecutive = 0
		cat := catOf[j.entry.Method]
		if !written[cat.ID] {
			rec, _ := json.MarshalIndent(categoryRecord{Name: cat.Name, Pkg: j.folder, ID: cat.ID}, "", "  ")
			if _, _, err := writeIfChanged(filepath.Join(o.Dir, j.folder, CategoryFile), append(rec, '\n')); err != nil {
				jr.close(false)
				return sum, &writeError{err}
			}
			written[cat.ID] = true
		}
		if err := jr.record(j.entry.DocID, res.data, time.Now()); err != nil {
			return sum, &writeError{err}
		}
		rel := filepath.ToSlash(filepath.Join(j.folder, j.entry.Method+".json"))
		switch res.outcome {
		case outcomeNew:
			sum.New++
			prog.step("new "+rel, c.requests, c.retries)
		case outcomeChanged:
			sum.Changed++
			prog.step("changed "+rel, c.requests, c.retries)
		default:
			sum.Unchanged++
			prog.step("", c.requests, c.retries)
		}
	}
	prog.finish(c.requests, c.retries)
	for _, w := range sum.Withdrawn {
		if o.Prune {
			if err := os.Remove(filepath.Join(o.Dir, filepath.FromSlash(w))); err != nil && !errors.Is(err, os.ErrNotExist) {
				return sum, &writeError{err}
			}
			prog.logf("withdrawn %s: removed (-prune)", w)
		} else {
			prog.logf("withdrawn %s: no longer in the catalogue; kept (-prune removes it)", w)
		}
	}
	sum.Pruned = o.Prune && len(sum.Withdrawn) > 0
	if o.Prune && scope != nil {
		// A folder no category uses any more (its category was withdrawn or
		// moved by -folder) goes once it holds no doc.
		for _, f := range st.recorded {
			if inUse[f] || !scope(f) {
				continue
			}
			removed, err := removeOrphan(o.Dir, f)
			if err != nil {
				return sum, &writeError{err}
			}
			if removed {
				prog.logf("removed %s/: no category of the catalogue uses it (-prune)", f)
			}
		}
	}
	if err := jr.close(len(sum.Failed) == 0); err != nil {
		return sum, &writeError{err}
	}
	return sum, nil
}

// writeError is a failure to write the output folder: the run stops.
type writeError struct{ err error }

func (e *writeError) Error() string { return "writing the output: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

type outcome int

const (
	outcomeUnchanged outcome = iota
	outcomeNew
	outcomeChanged
)

type docResult struct {
	outcome outcome
	data    []byte
}

// fetchDoc fetches one document and stores it if it changed.
func fetchDoc(ctx context.Context, c *client, j job, path string) (*docResult, error) {
	q := url.Values{}
	q.Set("isEn", "false")
	q.Set("treeId", "")
	q.Set("docId", strconv.FormatInt(j.entry.DocID, 10))
	q.Set("docType", "2")
	data, err := c.get(ctx, "/handler/document/getDocument.json", q, j.entry.Method)
	if err != nil {
		return nil, err
	}
	var head struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("document: %v", err)
	}
	if head.Name != j.entry.Method {
		return nil, fmt.Errorf("docId %d holds %q: want the document of %q", j.entry.DocID, head.Name, j.entry.Method)
	}
	out, err := formatDoc(data)
	if err != nil {
		return nil, fmt.Errorf("document: %v", err)
	}
	existed, written, err := writeIfChanged(path, out)
	if err != nil {
		return nil, &writeError{err}
	}
	r := &docResult{data: out}
	switch {
	case written && existed:
		r.outcome = outcomeChanged
	case written:
		r.outcome = outcomeNew
	}
	return r, nil
}

// selectJobs picks the documents to fetch and the folders in which
// withdrawn APIs are looked for (nil: none, when methods are selected).
func selectJobs(cats []*category, selectors []string, st *store, mapping map[int64]string) ([]job, func(string) bool, map[string]bool, error) {
	folderOf := map[int64]string{}
	owner := map[string]int64{}
	inUse := map[string]bool{}
	for _, cat := range cats {
		f := st.folderOf(cat, mapping)
		inUse[f] = true
		if other, ok := owner[f]; ok {
			return nil, nil, nil, fmt.Errorf("categories %d and %d both map to folder %q: want one folder per category", other, cat.ID, f)
		}
		owner[f] = cat.ID
		folderOf[cat.ID] = f
	}
	add := func(out []job, cat *category, e entry) []job {
		return append(out, job{entry: e, folder: folderOf[cat.ID]})
	}
	var bad []string
	for _, cat := range cats {
		for _, e := range cat.Entries {
			if !safeName.MatchString(e.Method) {
				bad = append(bad, fmt.Sprintf("category %d lists method %q: want a name usable as a file name", cat.ID, e.Method))
			}
		}
	}
	if len(bad) > 0 {
		return nil, nil, nil, errors.New(strings.Join(bad, "\n"))
	}
	if len(selectors) == 0 {
		var out []job
		for _, cat := range cats {
			for _, e := range cat.Entries {
				out = add(out, cat, e)
			}
		}
		// Whole catalogue: every folder an earlier run recorded is in scope.
		return out, func(string) bool { return true }, inUse, nil
	}
	var out []job
	picked := map[string]bool{}
	scopeFolders := map[string]bool{}
	var unknown []string
	for _, sel := range selectors {
		found := false
		for _, cat := range cats {
			if strconv.FormatInt(cat.ID, 10) == sel || cat.Name == sel || folderOf[cat.ID] == sel {
				found = true
				scopeFolders[folderOf[cat.ID]] = true
				for _, e := range cat.Entries {
					if !picked[e.Method] {
						picked[e.Method] = true
						out = add(out, cat, e)
					}
				}
				continue
			}
			for _, e := range cat.Entries {
				if e.Method == sel {
					found = true
					if !picked[e.Method] {
						picked[e.Method] = true
						out = add(out, cat, e)
					}
				}
			}
		}
		if !found {
			unknown = append(unknown, sel)
		}
	}
	if len(unknown) > 0 {
		return nil, nil, nil, fmt.Errorf("not in the catalogue: %s: want a method name, or a category id, name or folder", strings.Join(unknown, ", "))
	}
	return out, func(f string) bool { return scopeFolders[f] }, inUse, nil
}
