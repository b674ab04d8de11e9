package fetch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/fetch"
	"github.com/topgen/topgen/fetch/fetchtest"
)

// doc makes a small data object by hand.
func doc(t *testing.T, id int64, method, title string, extra ...string) *fetchtest.Doc {
	t.Helper()
	params := `[{"name":"item_id","type":"Number","required":true,"description":"商品ID"}]`
	if len(extra) > 0 {
		params = extra[0]
	}
	data := fmt.Sprintf(`{"name":%q,"apiChineseName":%q,"description":"测试","id":%d,"requestParams":%s,"responseParams":[{"name":"ok","type":"Boolean","description":"是否成功"}]}`, method, title, id, params)
	d, err := fetchtest.NewDoc(0, []byte(data))
	require.NoError(t, err)
	return d
}

// smallSite serves two categories of three APIs.
func smallSite(t *testing.T) *fetchtest.Site {
	t.Helper()
	site := fetchtest.New([]*fetchtest.Category{
		{ID: 101, Name: "商品API", Folder: "item", Docs: []*fetchtest.Doc{
			doc(t, 1, "taobao.item.get", "获取商品"),
			doc(t, 2, "taobao.item.update", "更新商品"),
		}},
		{ID: 102, Name: "交易API", Folder: "trade", Docs: []*fetchtest.Doc{
			doc(t, 3, "taobao.trade.get", "获取交易"),
		}},
	})
	t.Cleanup(site.Close)
	return site
}

// opts are fast options for tests.
func opts(site *fetchtest.Site, dir string, log *bytes.Buffer) fetch.Options {
	return fetch.Options{
		Site: site.URL, Dir: dir, Rate: -1, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		AntiBotWait: 5 * time.Millisecond, Folders: site.Folders(), Log: log, Timeout: 5 * time.Second,
	}
}

func run(t *testing.T, o fetch.Options) *fetch.Summary {
	t.Helper()
	sum, err := fetch.Run(context.Background(), o)
	require.NoError(t, err)
	return sum
}

// snapshot maps every file under dir to its bytes and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = fmt.Sprintf("%s@%d", b, info.ModTime().UnixNano())
		return nil
	})
	if os.IsNotExist(err) {
		return out
	}
	require.NoError(t, err)
	return out
}

func TestFetchWritesOneReadableFilePerAPIAndCategoryRecords(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	var log bytes.Buffer
	sum := run(t, opts(site, dir, &log))
	assert.Equal(t, "3 docs: 3 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed", sum.String())
	// One docCenter, one catalogue, three documents.
	assert.Equal(t, fetchtest.Counts{DocCenter: 1, Catalogue: 1, Document: 3}, site.Counts())
	assert.Equal(t, 5, sum.Requests)

	got, err := os.ReadFile(filepath.Join(dir, "item", "taobao.item.get.json"))
	require.NoError(t, err)
	// The data object, indented, in the site's key order, with a final newline.
	assert.True(t, strings.HasPrefix(string(got), "{\n  \"name\": \"taobao.item.get\",\n  \"apiChineseName\": \"获取商品\",\n"), string(got))
	assert.True(t, strings.HasSuffix(string(got), "\n}\n"))
	var v map[string]any
	require.NoError(t, json.Unmarshal(got, &v))
	assert.Equal(t, "商品ID", v["requestParams"].([]any)[0].(map[string]any)["description"])

	rec, err := os.ReadFile(filepath.Join(dir, "trade", fetch.CategoryFile))
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"交易API","pkg":"trade","id":102}`, string(rec))
	assert.NoFileExists(t, filepath.Join(dir, fetch.StateFile), "a completed run leaves no journal")
	assert.Contains(t, log.String(), "new item/taobao.item.get.json")
}

func TestSecondRunOverUnchangedSiteWritesNothing(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	before := snapshot(t, dir)
	time.Sleep(10 * time.Millisecond) // a rewrite would show in the modification times
	sum := run(t, opts(site, dir, &bytes.Buffer{}))
	assert.Equal(t, "3 docs: 0 new, 0 changed, 3 unchanged, 0 withdrawn, 0 failed", sum.String())
	assert.Equal(t, before, snapshot(t, dir))
}

func TestChangedAddedAndWithdrawnAreReportedExactly(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	unchangedBefore, err := os.ReadFile(filepath.Join(dir, "item", "taobao.item.update.json"))
	require.NoError(t, err)

	site.Put(fetchtest.Category{ID: 101}, doc(t, 1, "taobao.item.get", "获取商品", `[{"name":"item_id","type":"Number","required":true,"description":"商品ID"},{"name":"fields","type":"String","description":"返回字段"}]`))
	site.Put(fetchtest.Category{ID: 103, Name: "物流API"}, doc(t, 9, "taobao.logistics.get", "物流"))
	require.True(t, site.Withdraw("taobao.trade.get"))

	var log bytes.Buffer
	sum := run(t, opts(site, dir, &log))
	assert.Equal(t, "3 docs: 1 new, 1 changed, 1 unchanged, 1 withdrawn, 0 failed", sum.String())
	assert.Equal(t, []string{"trade/taobao.trade.get.json"}, sum.Withdrawn)
	assert.False(t, sum.Pruned)
	assert.Contains(t, log.String(), "changed item/taobao.item.get.json")
	assert.Contains(t, log.String(), "new cat103/taobao.logistics.get.json", "an unmapped new category gets cat<id>")
	assert.Contains(t, log.String(), "withdrawn trade/taobao.trade.get.json: no longer in the catalogue; kept")
	assert.FileExists(t, filepath.Join(dir, "trade", "taobao.trade.get.json"), "kept without -prune")
	changed, err := os.ReadFile(filepath.Join(dir, "item", "taobao.item.get.json"))
	require.NoError(t, err)
	assert.Contains(t, string(changed), `"返回字段"`)
	after, err := os.ReadFile(filepath.Join(dir, "item", "taobao.item.update.json"))
	require.NoError(t, err)
	assert.Equal(t, unchangedBefore, after)

	// -prune removes the withdrawn file, and nothing else.
	o := opts(site, dir, &bytes.Buffer{})
	o.Prune = true
	sum = run(t, o)
	assert.Equal(t, "3 docs: 0 new, 0 changed, 3 unchanged, 1 withdrawn, 0 failed", sum.String())
	assert.True(t, sum.Pruned)
	assert.NoFileExists(t, filepath.Join(dir, "trade", "taobao.trade.get.json"))
	assert.FileExists(t, filepath.Join(dir, "trade", fetch.CategoryFile))
	assert.FileExists(t, filepath.Join(dir, "item", "taobao.item.update.json"))
}

func TestFoldersAreStable(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	o := opts(site, dir, &bytes.Buffer{})
	o.Folders = map[int64]string{101: "goods"}
	run(t, o)
	assert.FileExists(t, filepath.Join(dir, "goods", "taobao.item.get.json"))
	assert.FileExists(t, filepath.Join(dir, "cat102", "taobao.trade.get.json"))
	// Without the mapping, the folders recorded by the earlier run are kept.
	o.Folders = nil
	sum := run(t, o)
	assert.Equal(t, 3, sum.Unchanged, sum.String())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"cat102", "goods"}, names)

	o.Folders = map[int64]string{101: "x", 102: "x"}
	_, err = fetch.Run(context.Background(), o)
	assert.ErrorContains(t, err, `both map to folder "x"`)
	o.Folders = map[int64]string{101: "../escape"}
	_, err = fetch.Run(context.Background(), o)
	assert.ErrorContains(t, err, `folder name "../escape"`)
}

func TestSelectors(t *testing.T) {
	site := smallSite(t)
	for _, tc := range []struct {
		sel  []string
		want []string
	}{
		{[]string{"taobao.trade.get"}, []string{"trade/taobao.trade.get.json"}},
		{[]string{"101"}, []string{"item/taobao.item.get.json", "item/taobao.item.update.json"}},
		{[]string{"交易API", "taobao.item.update"}, []string{"item/taobao.item.update.json", "trade/taobao.trade.get.json"}},
		{[]string{"item"}, []string{"item/taobao.item.get.json", "item/taobao.item.update.json"}},
	} {
		dir := t.TempDir()
		o := opts(site, dir, &bytes.Buffer{})
		o.Selectors = tc.sel
		sum := run(t, o)
		assert.Equal(t, len(tc.want), sum.New, tc.sel)
		var got []string
		for k := range snapshot(t, dir) {
			if !strings.HasSuffix(k, fetch.CategoryFile) {
				got = append(got, filepath.ToSlash(k))
			}
		}
		sort.Strings(got)
		assert.Equal(t, tc.want, got, tc.sel)
	}
	dir := t.TempDir()
	o := opts(site, dir, &bytes.Buffer{})
	o.Selectors = []string{"taobao.nope.get", "999"}
	_, err := fetch.Run(context.Background(), o)
	assert.EqualError(t, err, "not in the catalogue: taobao.nope.get, 999: want a method name, or a category id, name or folder")
	assert.Empty(t, snapshot(t, dir))
}

func TestMethodSelectorReportsNoWithdrawn(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	require.True(t, site.Withdraw("taobao.item.update"))
	o := opts(site, dir, &bytes.Buffer{})
	o.Selectors = []string{"taobao.trade.get"}
	sum := run(t, o)
	assert.Empty(t, sum.Withdrawn, "a method selector does not look at other APIs")
	o.Selectors = []string{"101"}
	sum = run(t, o)
	assert.Equal(t, []string{"item/taobao.item.update.json"}, sum.Withdrawn, "a category selector looks at its folder")
}

func TestExpiredTokenIsRenewedOnceAndTheRunGoesOn(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.ExpireToken, Target: fetchtest.Document, Method: "taobao.item.update"})
	var log bytes.Buffer
	sum := run(t, opts(site, t.TempDir(), &log))
	assert.Equal(t, 3, sum.New, sum.String())
	assert.Equal(t, 2, site.Counts().DocCenter, "one bootstrap, one renewal")
	assert.Contains(t, log.String(), "taobao.item.update: token expired (PAGE_EXPIRED 页面已过期); fetching a new one from /docCenter")

	// A token that a fresh one does not fix fails that document only.
	site.Inject(fetchtest.Fault{Kind: fetchtest.ExpireToken, Target: fetchtest.Document, Method: "taobao.trade.get", Times: 2})
	sum = run(t, opts(site, t.TempDir(), &bytes.Buffer{}))
	require.Len(t, sum.Failed, 1)
	assert.Equal(t, "taobao.trade.get", sum.Failed[0].Method)
	assert.Contains(t, sum.Failed[0].Err, "token still rejected after a fresh one")
}

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, kind := range []fetchtest.FaultKind{fetchtest.TooManyRequests, fetchtest.Unavailable, fetchtest.Truncated} {
		site := smallSite(t)
		site.Inject(fetchtest.Fault{Kind: kind, Target: fetchtest.Document, Method: "taobao.item.get", Times: 2})
		site.Inject(fetchtest.Fault{Kind: kind, Target: fetchtest.Catalogue})
		if kind != fetchtest.Truncated { // /docCenter's answer is HTML: only its cookie counts
			site.Inject(fetchtest.Fault{Kind: kind, Target: fetchtest.DocCenter})
		}
		o := opts(site, t.TempDir(), &bytes.Buffer{})
		sum := run(t, o)
		want := 4
		if kind == fetchtest.Truncated {
			want = 3
		}
		assert.Equal(t, 3, sum.New, "fault %d: %s", kind, sum)
		assert.Equal(t, want, sum.Retries, "fault %d", kind)
		assert.Equal(t, 5+want, sum.Requests, "fault %d", kind)
	}
	// A dropped connection: net/http itself retries a GET once on a reused
	// connection, so at least the first request's drop is ours to retry.
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.Drop, Target: fetchtest.DocCenter})
	site.Inject(fetchtest.Fault{Kind: fetchtest.Drop, Target: fetchtest.Document, Method: "taobao.item.get", Times: 3})
	sum := run(t, opts(site, t.TempDir(), &bytes.Buffer{}))
	assert.Equal(t, 3, sum.New, sum.String())
	assert.GreaterOrEqual(t, sum.Retries, 2)
}

func TestRetryAfterIsHonoured(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.TooManyRequests, Target: fetchtest.Document})
	var log bytes.Buffer
	run(t, opts(site, t.TempDir(), &log))
	assert.Contains(t, log.String(), "HTTP 429 Too Many Requests; retry 1/5 in 1s", "Retry-After: 1 beats the 1ms back-off")
}

func TestSlowAnswersTimeOutAndAreRetried(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.Slow, Target: fetchtest.Document, Method: "taobao.trade.get", Delay: 2 * time.Second})
	o := opts(site, t.TempDir(), &bytes.Buffer{})
	o.Timeout = 200 * time.Millisecond
	sum := run(t, o)
	assert.Equal(t, 3, sum.New, sum.String())
	assert.Equal(t, 1, sum.Retries)

	// A slow answer within the timeout is simply waited for.
	site.Inject(fetchtest.Fault{Kind: fetchtest.Slow, Target: fetchtest.Document, Delay: 20 * time.Millisecond})
	sum = run(t, opts(site, t.TempDir(), &bytes.Buffer{}))
	assert.Equal(t, 3, sum.New)
	assert.Equal(t, 0, sum.Retries)
}

func TestAntiBotRepliesBackOffAndResume(t *testing.T) {
	for _, kind := range []fetchtest.FaultKind{fetchtest.AntiBotJSON, fetchtest.AntiBotHTML} {
		site := smallSite(t)
		site.Inject(fetchtest.Fault{Kind: kind, Target: fetchtest.Document, Method: "taobao.item.update", Times: 2})
		var log bytes.Buffer
		sum := run(t, opts(site, t.TempDir(), &log))
		assert.Equal(t, 3, sum.New, sum.String())
		assert.Equal(t, 2, sum.Retries)
		assert.Equal(t, 2, strings.Count(log.String(), "taobao.item.update: anti-bot reply"), log.String())
		assert.Contains(t, log.String(), "before resuming")
		assert.Equal(t, 3, site.Counts().DocCenter, "a fresh session after each block")
	}
	// A block that does not lift fails that document only.
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.AntiBotJSON, Target: fetchtest.Document, Method: "taobao.item.update", Times: 10})
	sum := run(t, opts(site, t.TempDir(), &bytes.Buffer{}))
	assert.Equal(t, "3 docs: 2 new, 0 changed, 0 unchanged, 0 withdrawn, 1 failed", sum.String())
	assert.Contains(t, sum.Failed[0].Err, "anti-bot reply 4 times, giving up: FAIL_SYS_USER_VALIDATE")
}

func TestAntiBotWaitDefaultsToMinutes(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.AntiBotHTML, Target: fetchtest.Document})
	var log bytes.Buffer
	o := opts(site, t.TempDir(), &log)
	o.AntiBotWait = 0 // the default
	ctx, cancel := context.WithCancel(context.Background())
	o.Log = &cancelWriter{w: &log, on: "backing off", cancel: cancel}
	_, err := fetch.Run(ctx, o)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Regexp(t, `backing off [45]m[0-9.]*s before resuming`, log.String())
}

func TestFailingDocKeepsItsEarlierFileAndIsReported(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	before := snapshot(t, dir)
	site.Put(fetchtest.Category{ID: 101}, doc(t, 1, "taobao.item.get", "改了的标题"))
	site.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Target: fetchtest.Document, Method: "taobao.item.get", Times: 100})
	sum := run(t, opts(site, dir, &bytes.Buffer{}))
	assert.Equal(t, "3 docs: 0 new, 0 changed, 2 unchanged, 0 withdrawn, 1 failed", sum.String())
	assert.Equal(t, "HTTP 503 Service Unavailable (gave up after 5 retries)", sum.Failed[0].Err)
	after := snapshot(t, dir)
	k := filepath.Join("item", "taobao.item.get.json")
	assert.Equal(t, before[k], after[k], "the earlier copy stays")
}

func TestOutageChangesNoFile(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	site.Put(fetchtest.Category{ID: 101}, doc(t, 1, "taobao.item.get", "改了"))
	before := snapshot(t, dir)
	site.SetDown(true)
	sum, err := fetch.Run(context.Background(), opts(site, dir, &bytes.Buffer{}))
	assert.ErrorIs(t, err, fetch.ErrOutage)
	assert.ErrorContains(t, err, "network error")
	assert.Equal(t, 0, sum.Docs)
	assert.Equal(t, before, snapshot(t, dir))

	// Into a folder that does not exist yet: it is not even created.
	fresh := filepath.Join(t.TempDir(), "docs")
	_, err = fetch.Run(context.Background(), opts(site, fresh, &bytes.Buffer{}))
	assert.ErrorIs(t, err, fetch.ErrOutage)
	assert.NoDirExists(t, fresh)
}

func TestDocumentsFailingInARowStopTheRun(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.Drop, Target: fetchtest.Document, Times: 1000})
	dir := t.TempDir()
	o := opts(site, dir, &bytes.Buffer{})
	o.MaxConsecutiveFailures = 2
	sum, err := fetch.Run(context.Background(), o)
	assert.ErrorIs(t, err, fetch.ErrOutage)
	assert.ErrorContains(t, err, "2 documents failed in a row")
	assert.Len(t, sum.Failed, 2)
	assert.Empty(t, snapshot(t, dir))
}

// cancelWriter cancels a context when a line containing on is written.
type cancelWriter struct {
	mu     sync.Mutex
	w      *bytes.Buffer
	on     string
	n      int // cancel at the n-th match (0 = first)
	cancel context.CancelFunc
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if bytes.Contains(p, []byte(c.on)) {
		if c.n == 0 {
			c.cancel()
		}
		c.n--
	}
	return c.w.Write(p)
}

func TestKilledRunStartedAgainDoesNotRefetch(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	o := opts(site, dir, &bytes.Buffer{})
	o.Log = &cancelWriter{w: &bytes.Buffer{}, on: "new ", n: 1, cancel: cancel} // killed after two documents
	sum, err := fetch.Run(ctx, o)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 2, sum.New)
	assert.FileExists(t, filepath.Join(dir, fetch.StateFile))
	docsBefore := site.Counts().Document

	sum = run(t, opts(site, dir, &bytes.Buffer{}))
	assert.Equal(t, "3 docs: 1 new, 0 changed, 2 unchanged, 0 withdrawn, 0 failed", sum.String())
	assert.Equal(t, 2, sum.Resumed)
	assert.Equal(t, 1, site.Counts().Document-docsBefore, "only the document the killed run had not stored is fetched")
	assert.NoFileExists(t, filepath.Join(dir, fetch.StateFile))

	// The next run fetches everything again to find changes.
	docsBefore = site.Counts().Document
	sum = run(t, opts(site, dir, &bytes.Buffer{}))
	assert.Equal(t, 3, sum.Unchanged)
	assert.Equal(t, 3, site.Counts().Document-docsBefore)
}

func TestJournalIgnoresFilesEditedSinceTheKill(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	o := opts(site, dir, &bytes.Buffer{})
	o.Log = &cancelWriter{w: &bytes.Buffer{}, on: "new ", cancel: cancel}
	_, err := fetch.Run(ctx, o)
	require.ErrorIs(t, err, context.Canceled)
	p := filepath.Join(dir, "item", "taobao.item.get.json")
	require.NoError(t, os.WriteFile(p, []byte("{}\n"), 0o644))
	sum := run(t, opts(site, dir, &bytes.Buffer{}))
	assert.Equal(t, 0, sum.Resumed)
	assert.Equal(t, 1, sum.Changed, sum.String())
}

// timingTransport records when each request starts.
type timingTransport struct {
	mu    sync.Mutex
	times []time.Time
}

func (tt *timingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	tt.mu.Lock()
	tt.times = append(tt.times, time.Now())
	tt.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func TestRateLimitSpacesEveryRequest(t *testing.T) {
	site := smallSite(t)
	tt := &timingTransport{}
	o := opts(site, t.TempDir(), &bytes.Buffer{})
	o.Rate = 20 // at most one request every 50ms
	o.HTTPClient = &http.Client{Transport: tt}
	run(t, o)
	require.Len(t, tt.times, 5)
	for i := 1; i < len(tt.times); i++ {
		gap := tt.times[i].Sub(tt.times[i-1])
		// 10% slack for the scheduling between the limiter and the transport on a busy machine.
		assert.GreaterOrEqual(t, gap, 45*time.Millisecond, "request %d came %s after the one before", i, gap)
	}
}

func TestProgress(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Target: fetchtest.Document})
	var log bytes.Buffer
	run(t, opts(site, t.TempDir(), &log))
	out := log.String()
	assert.True(t, strings.HasPrefix(out, "fetching 3 docs\n"), out)
	assert.Regexp(t, `(?m)^3/3 docs, [0-9.]+ req/s, ETA 0s, 1 retries$`, out)
	assert.NotContains(t, out, "\r")

	log.Reset()
	o := opts(site, t.TempDir(), &log)
	o.Terminal = true
	run(t, o)
	out = log.String()
	assert.Regexp(t, `\r\x1b\[K\[={30}\] 100% 3/3 docs, [0-9.]+ req/s, ETA 0s, 0 retries\n$`, out)
	assert.Contains(t, out, "\r\x1b[Knew item/taobao.item.update.json\n", "events are printed above the bar")
}

func TestBadOptions(t *testing.T) {
	_, err := fetch.Run(context.Background(), fetch.Options{Site: "ftp://x", Dir: t.TempDir()})
	assert.ErrorContains(t, err, `-site "ftp://x": want an http(s) URL`)
	_, err = fetch.Run(context.Background(), fetch.Options{Site: "http://127.0.0.1:1"})
	assert.ErrorContains(t, err, "no output folder")
}

func TestPruneRemovesFoldersNoCategoryUses(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	// Category 101 moves to a new folder; category 102 loses its only API.
	require.True(t, site.Withdraw("taobao.trade.get"))
	o := opts(site, dir, &bytes.Buffer{})
	o.Folders = map[int64]string{101: "goods"}
	sum := run(t, o)
	assert.Equal(t, "2 docs: 2 new, 0 changed, 0 unchanged, 3 withdrawn, 0 failed", sum.String())
	assert.Equal(t, []string{"item/taobao.item.get.json", "item/taobao.item.update.json", "trade/taobao.trade.get.json"}, sum.Withdrawn)
	assert.DirExists(t, filepath.Join(dir, "item"), "kept without -prune")

	o.Prune = true
	var log bytes.Buffer
	o.Log = &log
	sum = run(t, o)
	assert.Len(t, sum.Withdrawn, 3, sum.String())
	assert.NoDirExists(t, filepath.Join(dir, "item"))
	assert.NoFileExists(t, filepath.Join(dir, "trade", "taobao.trade.get.json"))
	assert.FileExists(t, filepath.Join(dir, "trade", fetch.CategoryFile), "the category is still listed, empty")
	assert.Contains(t, log.String(), "removed item/: no category of the catalogue uses it (-prune)")
	assert.FileExists(t, filepath.Join(dir, "goods", "taobao.item.get.json"))

	// Afterwards the new folder is the category's, mapping or not.
	o.Folders = nil
	o.Prune = false
	o.Log = &bytes.Buffer{}
	sum = run(t, o)
	assert.Equal(t, "2 docs: 0 new, 0 changed, 2 unchanged, 0 withdrawn, 0 failed", sum.String())
}

func TestPruneKeepsFoldersWithOtherFiles(t *testing.T) {
	site := smallSite(t)
	dir := t.TempDir()
	run(t, opts(site, dir, &bytes.Buffer{}))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "trade", "notes.md"), []byte("mine\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "trade", "settings.json"), []byte(`{"a":1}`), 0o644))
	require.True(t, site.Withdraw("taobao.trade.get"))
	o := opts(site, dir, &bytes.Buffer{})
	o.Prune = true
	sum := run(t, o)
	assert.Equal(t, []string{"trade/taobao.trade.get.json"}, sum.Withdrawn, "settings.json is not a doc")
	assert.NoFileExists(t, filepath.Join(dir, "trade", "taobao.trade.get.json"))
	assert.FileExists(t, filepath.Join(dir, "trade", "notes.md"), "never a file topgen did not write")
	assert.FileExists(t, filepath.Join(dir, "trade", "settings.json"))
}

func TestParseCatalogue(t *testing.T) {
	// The shape of the real getApiCatelogConfig.json data (two groups
	// sharing a category; a non-API entry).
	cats, err := fetch.ParseCatalogueForTest([]byte(`{"id":285,"name":"API","treeCategories":[
		{"id":1,"name":"g1","catelogTrees":[{"id":21055,"name":"ALIOS广告平台","catelogList":[
			{"id":9,"docId":31470,"docType":2,"name":"yunos.admarket.ad.bid","subName":"广告竞价"}]}]},
		{"id":2,"name":"g2","catelogTrees":[{"id":21055,"name":"ALIOS广告平台","catelogList":[
			{"id":10,"docId":31471,"docType":2,"name":"yunos.admarket.material.audit","subName":"素材审核"},
			{"id":11,"docId":5,"docType":1,"name":"接入指南","subName":""},
			{"id":9,"docId":31470,"docType":2,"name":"yunos.admarket.ad.bid","subName":"广告竞价"}]}]}]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"21055 ALIOS广告平台: 31470 yunos.admarket.ad.bid 广告竞价, 31471 yunos.admarket.material.audit 素材审核"}, cats)

	for data, want := range map[string]string{
		`{"treeCategories":[]}`:                              "catalogue lists no category",
		`{"treeCategories":[{"catelogTrees":[{"id":"x"}]}]}`: `treeCategories[0].catelogTrees[0].id is "x": want a number`,
		`{"treeCategories":[{"catelogTrees":[{"id":1,"catelogList":[{"docId":"","name":"a.b"}]}]}]}`: `category 1 entry 0: want a numeric docId and a method name`,
		`{"treeCategories":{}}`: "want data.treeCategories[].catelogTrees[].catelogList[]",
	} {
		_, err := fetch.ParseCatalogueForTest([]byte(data))
		assert.ErrorContains(t, err, want, data)
	}
}

func TestBadCatalogueIsNotAnOutage(t *testing.T) {
	site := smallSite(t)
	site.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Target: fetchtest.Catalogue, Times: 100})
	o := opts(site, t.TempDir(), &bytes.Buffer{})
	_, err := fetch.Run(context.Background(), o)
	assert.ErrorIs(t, err, fetch.ErrOutage)
	assert.ErrorContains(t, err, "catalogue: HTTP 503 Service Unavailable (gave up after 5 retries)")
}
