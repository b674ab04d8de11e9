package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/config"
	"github.com/topgen/topgen/fetch"
	"github.com/topgen/topgen/fetch/fetchtest"
)

func fetchDoc(t *testing.T, id int64, method string) *fetchtest.Doc {
	t.Helper()
	d, err := fetchtest.NewDoc(id, []byte(fmt.Sprintf(`{"name":%q,"apiChineseName":"测试","requestParams":[{"name":"q","type":"String","required":true,"description":"查询"}]}`, method)))
	require.NoError(t, err)
	return d
}

func fetchSite(t *testing.T) *fetchtest.Site {
	t.Helper()
	s := fetchtest.New([]*fetchtest.Category{
		{ID: 7, Name: "商品API", Docs: []*fetchtest.Doc{fetchDoc(t, 1, "taobao.item.get"), fetchDoc(t, 2, "taobao.item.add")}},
		{ID: 8, Name: "交易API", Docs: []*fetchtest.Doc{fetchDoc(t, 3, "taobao.trade.get")}},
	})
	t.Cleanup(s.Close)
	return s
}

func TestFetchCommand(t *testing.T) {
	site := fetchSite(t)
	dir := filepath.Join(t.TempDir(), "docs")
	args := []string{"fetch", "-site", site.URL, "-o", dir, "-rate", "0", "-folder", "7=item", "-backoff", "1ms", "-retries", "1"}
	code, stdout, stderr := topgen(args...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "3 docs: 3 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\n", stdout)
	assert.Contains(t, stderr, "fetching 3 docs\n")
	assert.Contains(t, stderr, "new item/taobao.item.get.json\n")
	assert.Contains(t, stderr, "new cat8/taobao.trade.get.json\n")
	assert.Contains(t, stderr, "5 requests, 0 retries")
	assert.FileExists(t, filepath.Join(dir, "item", "catelog.json"))

	// The fetched docs are pages topgen reads.
	code, fields, stderr := topgen("fields", filepath.Join(dir, "item", "taobao.item.get.json"))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "taobao.item.get\trequest\tq\tString\trequired\t\n", fields)

	code, stdout, _ = topgen(args...)
	assert.Equal(t, 0, code)
	assert.Equal(t, "3 docs: 0 new, 0 changed, 3 unchanged, 0 withdrawn, 0 failed\n", stdout)

	// A doc that keeps failing: reported, exit 1, its file kept.
	site.Inject(fetchtest.Fault{Kind: fetchtest.Unavailable, Target: fetchtest.Document, Method: "taobao.item.add", Times: 2})
	site.Withdraw("taobao.trade.get")
	code, stdout, stderr = topgen(args...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "2 docs: 0 new, 0 changed, 1 unchanged, 1 withdrawn, 1 failed\n", stdout)
	assert.Contains(t, stderr, "failed taobao.item.add: HTTP 503 Service Unavailable (gave up after 1 retries)\n")
	assert.Contains(t, stderr, "withdrawn cat8/taobao.trade.get.json: no longer in the catalogue; kept (-prune removes it)\n")
	assert.FileExists(t, filepath.Join(dir, "item", "taobao.item.add.json"))

	code, stdout, _ = topgen(append(args, "-prune")...)
	assert.Equal(t, 0, code)
	assert.Equal(t, "2 docs: 0 new, 0 changed, 2 unchanged, 1 withdrawn, 0 failed\n", stdout)
	assert.NoFileExists(t, filepath.Join(dir, "cat8", "taobao.trade.get.json"))

	// A selector.
	code, stdout, _ = topgen(append(args, "taobao.item.get")...)
	assert.Equal(t, 0, code)
	assert.Equal(t, "1 docs: 0 new, 0 changed, 1 unchanged, 0 withdrawn, 0 failed\n", stdout)
}

// With a topgen.yaml, `topgen fetch` alone takes the site, rate, folder
// mapping and output folder (the first of docs) from its fetch block; flags
// override each of them.
func TestFetchWithConfig(t *testing.T) {
	site := fetchSite(t)
	root := t.TempDir()
	cfg := filepath.Join(root, "topgen.yaml")
	write(t, cfg, []byte("docs: [pages, more]\nfetch:\n  site: "+site.URL+"\n  rate: 0\n  folders: {7: item, 8: trade}\n"))
	t.Chdir(root)
	code, stdout, stderr := topgen("fetch")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "3 docs: 3 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\n", stdout)
	assert.FileExists(t, filepath.Join(root, "pages", "item", "taobao.item.get.json"))
	assert.FileExists(t, filepath.Join(root, "pages", "item", "taobao.item.add.json"))
	assert.FileExists(t, filepath.Join(root, "pages", "trade", "taobao.trade.get.json"))

	// Flags win: -o, -folder (for its category only), -site, -rate (the
	// config's site is unreachable; the rate is checked in
	// TestApplyFetchConfig, not by the clock).
	write(t, cfg, []byte("docs: pages\nfetch:\n  site: http://127.0.0.1:1\n  dir: fetched\n  rate: 0.2\n  folders: {7: item, 8: trade}\n"))
	t.Chdir(t.TempDir())
	other := filepath.Join(root, "other")
	code, stdout, stderr = topgen("fetch", "-config", cfg, "-site", site.URL, "-rate", "0", "-o", other, "-folder", "8=orders")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "3 docs: 3 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\n", stdout)
	assert.FileExists(t, filepath.Join(other, "item", "taobao.item.get.json"))
	assert.FileExists(t, filepath.Join(other, "orders", "taobao.trade.get.json"))
	assert.NoDirExists(t, filepath.Join(other, "trade"))
	assert.NoDirExists(t, filepath.Join(root, "fetched"))

	// The config's dir, relative to the config, when -o is left out.
	code, _, stderr = topgen("fetch", "-config", cfg, "-site", site.URL, "-rate", "0", "taobao.item.get")
	require.Equal(t, 0, code, stderr)
	assert.FileExists(t, filepath.Join(root, "fetched", "item", "taobao.item.get.json"))

	// A bad fetch block is refused with its line, before any request.
	before := site.Counts().Total()
	write(t, cfg, []byte("fetch:\n  rate: -2\n  folders: {7: ../up}\n"))
	code, _, stderr = topgen("fetch", "-config", cfg, "-site", site.URL)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, cfg+":2: fetch rate -2: want a number of requests per second, 0 or more")
	assert.Contains(t, stderr, cfg+`:3: fetch folders: 7: folder name "../up"`)
	assert.Equal(t, before, site.Counts().Total())
}

func TestFetchOutageExitsOneAndChangesNothing(t *testing.T) {
	site := fetchSite(t)
	dir := t.TempDir()
	before, err := os.ReadDir(dir)
	require.NoError(t, err)
	site.SetDown(true)
	code, stdout, stderr := topgen("fetch", "-site", site.URL, "-o", filepath.Join(dir, "docs"), "-rate", "0", "-backoff", "1ms")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "topgen fetch: doc site outage: token from "+site.URL+"/docCenter: network error")
	after, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

func TestFetchUsageErrors(t *testing.T) {
	code, _, stderr := topgen("fetch", "-site", "http://127.0.0.1:1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-o DIR is required")
	code, _, stderr = topgen("fetch", "-o", t.TempDir(), "-folder", "abc")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "want ID=NAME")
	code, _, stderr = topgen("fetch", "-o", t.TempDir(), "-progress", "fancy")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `-progress "fancy"`)
	code, _, stderr = topgen("fetch", "-o", t.TempDir(), "-site", "localhost:80")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "want an http(s) URL")
}

// TestFetchFullDocsGiveRequiredSessions serves the real full docs, fetches
// them, parses them and generates code: the one labelled 必须用户授权
// becomes a client method that refuses to call without a session.
func TestFetchFullDocsGiveRequiredSessions(t *testing.T) {
	full := filepath.Join(corpusDir(t), "..", "fulldocs")
	files, err := filepath.Glob(filepath.Join(full, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	cat := &fetchtest.Category{ID: 30, Name: "淘宝客API"}
	for i, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		d, err := fetchtest.NewDoc(int64(1000+i), data)
		require.NoError(t, err)
		cat.Docs = append(cat.Docs, d)
	}
	site := fetchtest.New([]*fetchtest.Category{cat})
	defer site.Close()
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	code, stdout, stderr := topgen("fetch", "-site", site.URL, "-o", docs, "-rate", "0", "-folder", "30=tbk")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, fmt.Sprintf("%d docs: %d new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\n", len(files), len(files)), stdout)

	models := filepath.Join(dir, "models")
	code, _, stderr = topgen("parse", "-o", models, filepath.Join(docs, "tbk"))
	require.Equal(t, 0, code, stderr)
	y, err := os.ReadFile(filepath.Join(models, "taobao.tbk.sc.general.link.convert.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(y), "\nsession: required\n")
	assert.Contains(t, string(y), "\nchange_diff:\n")
	assert.Contains(t, string(y), "\nresponse_example_json: ")
	y, err = os.ReadFile(filepath.Join(models, "taobao.tbk.dg.general.link.convert.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(y), "\nsession:")

	out := filepath.Join(dir, "gen")
	code, _, stderr = topgen("gen", "-o", out, "-pkg", "tbk", models)
	require.Equal(t, 0, code, stderr)
	src, err := os.ReadFile(filepath.Join(out, "taobao_tbk_sc_general_link_convert_gen.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), `top.Call{Method: "taobao.tbk.sc.general.link.convert", Session: true}`)
	src, err = os.ReadFile(filepath.Join(out, "taobao_tbk_dg_general_link_convert_gen.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), `top.Call{Method: "taobao.tbk.dg.general.link.convert"}`)
}

// TestFetchCorpusRoundTrip fetches the whole corpus from the fake site,
// then checks every fetched doc against the corpus file it was served
// from: the same JSON, and the same `topgen fields` listing. A second run
// writes nothing.
func TestFetchCorpusRoundTrip(t *testing.T) {
	corpus := corpusDir(t)
	cats, err := fetchtest.LoadCorpus(corpus)
	require.NoError(t, err)
	site := fetchtest.New(cats)
	defer site.Close()
	dir := filepath.Join(t.TempDir(), "docs")
	args := []string{"fetch", "-site", site.URL, "-o", dir, "-rate", "0"}
	for id, folder := range site.Folders() {
		args = append(args, "-folder", fmt.Sprintf("%d=%s", id, folder))
	}
	code, stdout, stderr := topgen(args...)
	require.Equal(t, 0, code, stderr)
	total := 0
	for _, c := range cats {
		total += len(c.Docs)
	}
	require.Greater(t, total, 4000)
	assert.Equal(t, fmt.Sprintf("%d docs: %d new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed\n", total, total), stdout)
	assert.Equal(t, total+2, site.Counts().Total(), "one token, one catalogue, one request per doc")

	// Every corpus doc (hidden stubs aside) against its fetched copy.
	var pairs [][2]string
	for _, c := range cats {
		rec, err := os.ReadFile(filepath.Join(dir, c.Folder, "catelog.json"))
		require.NoError(t, err)
		var r struct {
			Name string `json:"name"`
			Pkg  string `json:"pkg"`
			ID   int64  `json:"id"`
		}
		require.NoError(t, json.Unmarshal(rec, &r))
		assert.Equal(t, []any{c.Name, c.Folder, c.ID}, []any{r.Name, r.Pkg, r.ID})
		files, err := filepath.Glob(filepath.Join(corpus, c.Folder, "*.json"))
		require.NoError(t, err)
		sort.Strings(files)
		for _, f := range files {
			if b := filepath.Base(f); b == "catelog.json" || strings.HasPrefix(b, ".") {
				continue
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var head struct{ Name string }
			require.NoError(t, json.Unmarshal(data, &head))
			got := filepath.Join(dir, c.Folder, head.Name+".json")
			fetched, err := os.ReadFile(got)
			require.NoError(t, err)
			require.JSONEq(t, string(data), string(fetched), f)
			pairs = append(pairs, [2]string{f, got})
		}
	}
	require.Len(t, pairs, total)
	mismatches := 0
	for _, p := range pairs {
		wantCode, want, wantErr := topgen("fields", p[0])
		gotCode, got, gotErr := topgen("fields", p[1])
		same := wantCode == gotCode && want == got && strings.Count(wantErr, "\n") == strings.Count(gotErr, "\n")
		if !same {
			mismatches++
			if mismatches <= 5 {
				t.Errorf("%s and %s: fields differ:\n%s%s\nvs\n%s%s", p[0], p[1], want, wantErr, got, gotErr)
			}
		}
	}
	assert.Zero(t, mismatches)

	// A second run over the unchanged site writes nothing.
	before := treeStamp(t, dir)
	code, stdout, stderr = topgen(args...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, fmt.Sprintf("%d docs: 0 new, 0 changed, %d unchanged, 0 withdrawn, 0 failed\n", total, total), stdout)
	assert.Equal(t, before, treeStamp(t, dir))
}

// treeStamp maps each file under dir to its size and modification time.
func treeStamp(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		out[p] = fmt.Sprintf("%d@%d", info.Size(), info.ModTime().UnixNano())
		return nil
	}))
	return out
}

// The config's fetch block fills only the options whose flags were not given.
func TestApplyFetchConfig(t *testing.T) {
	rate := 0.2
	cfg := &config.Config{Fetch: config.Fetch{Site: "https://docs.example", Dir: "fetched", Rate: &rate, Folders: map[int64]string{7: "item", 8: "trade"}}}
	parse := func(args ...string) (*flag.FlagSet, *fetch.Options) {
		fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
		o := &fetch.Options{Folders: map[int64]string{}}
		fs.StringVar(&o.Site, "site", fetch.DefaultSite, "")
		fs.StringVar(&o.Dir, "o", "", "")
		fs.Float64Var(&o.Rate, "rate", 2, "")
		fs.Func("folder", "", func(s string) error { o.Folders[8] = s; return nil })
		require.NoError(t, fs.Parse(args))
		return fs, o
	}
	fs, o := parse()
	applyFetchConfig(fs, o, cfg)
	assert.Equal(t, "https://docs.example", o.Site)
	assert.Equal(t, 0.2, o.Rate)
	assert.Equal(t, map[int64]string{7: "item", 8: "trade"}, o.Folders)

	fs, o = parse("-site", "http://127.0.0.1:9", "-rate", "0", "-o", "elsewhere", "-folder", "orders")
	applyFetchConfig(fs, o, cfg)
	assert.Equal(t, "http://127.0.0.1:9", o.Site)
	assert.Equal(t, 0.0, o.Rate)
	assert.Equal(t, "elsewhere", o.Dir)
	assert.Equal(t, map[int64]string{7: "item", 8: "orders"}, o.Folders)
}
