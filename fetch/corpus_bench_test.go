package fetch_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/topgen/topgen/fetch"
	"github.com/topgen/topgen/fetch/fetchtest"
)

// corpusDir returns the TOP doc corpus, skipping when it is absent (and
// failing when TOPGEN_CORPUS names a folder that is not there).
func corpusDir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("TOPGEN_CORPUS"); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			tb.Fatalf("TOPGEN_CORPUS=%s: %v", dir, err)
		}
		return dir
	}
	dir := filepath.Join("..", "..", "shared", "corpus", "topdocs")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus absent at %s (set TOPGEN_CORPUS)", dir)
	}
	return dir
}

// BenchmarkFetchCorpusDefaultRate fetches the whole corpus from the fake
// site on loopback at the default rate limit (2 requests/s plus jitter):
// 41 minutes measured. Run it alone:
//
//	go test ./fetch -run '^$' -bench FetchCorpusDefaultRate -benchtime 1x -timeout 60m
func BenchmarkFetchCorpusDefaultRate(b *testing.B) {
	benchCorpus(b, 0)
}

// BenchmarkFetchCorpusUnlimited fetches the whole corpus with no rate limit:
// the cost of fetching, formatting and writing alone.
func BenchmarkFetchCorpusUnlimited(b *testing.B) {
	benchCorpus(b, -1)
}

func benchCorpus(b *testing.B, rate float64) {
	cats, err := fetchtest.LoadCorpus(corpusDir(b))
	if err != nil {
		b.Fatal(err)
	}
	site := fetchtest.New(cats)
	defer site.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		sum, err := fetch.Run(context.Background(), fetch.Options{Site: site.URL, Dir: dir, Rate: rate, Folders: site.Folders(), Log: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		if len(sum.Failed) > 0 || sum.New != sum.Docs {
			b.Fatalf("%s", sum)
		}
		b.ReportMetric(float64(sum.Requests), "requests/op")
		b.ReportMetric(float64(sum.Docs), "docs/op")
		b.ReportMetric(sum.Elapsed.Seconds(), "s/op")
	}
}
