package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// corpusRoot returns the TOP doc corpus directory, skipping the test when
// it is absent (and failing when $TOPGEN_CORPUS names a missing one).
func corpusRoot(tb testing.TB) string {
	tb.Helper()
	root, set := os.LookupEnv("TOPGEN_CORPUS")
	if !set || root == "" {
		root = filepath.Join("..", "..", "shared", "corpus", "topdocs")
		set = false
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		if set {
			tb.Fatalf("TOPGEN_CORPUS=%s: not a directory", root)
		}
		tb.Skipf("corpus %s absent: set TOPGEN_CORPUS to run the corpus test", root)
	}
	return root
}

// corpusFiles lists the corpus's doc files, sorted, and separately its
// stubs: files named just ".json" that hold only an id.
func corpusFiles(tb testing.TB, root string) (docs, stubs []string) {
	tb.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") || d.Name() == "catelog.json" {
			return nil
		}
		if d.Name() == ".json" {
			stubs = append(stubs, path)
		} else {
			docs = append(docs, path)
		}
		return nil
	})
	require.NoError(tb, err)
	sort.Strings(docs)
	sort.Strings(stubs)
	require.NotEmpty(tb, docs, "no doc files under %s", root)
	return docs, stubs
}

func TestCorpusJSON(t *testing.T) {
	root := corpusRoot(t)
	docs, stubs := corpusFiles(t, root)
	start := time.Now()
	// Files are checked in parallel; results are reported in file order.
	results := parallelMap(docs, checkCorpusDoc)
	var fields, enums, constraints, warnings, dropped, failures int
	for _, r := range results {
		if r.failure != "" {
			failures++
			if failures <= 30 {
				t.Error(r.failure)
			}
			continue
		}
		fields += r.fields
		enums += r.enums
		constraints += r.constraints
		warnings += r.warnings
		dropped += r.dropped
	}
	if failures > 30 {
		t.Errorf("… %d failures in all", failures)
	}
	for _, path := range stubs {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		_, _, err = Parse(path, data)
		if assert.Error(t, err, "%s: an id-only stub must not parse", path) {
			assert.Contains(t, err.Error(), `missing "name"`)
		}
	}
	t.Logf("corpus %s: %d docs (+%d id-only stubs rejected), %d fields, %d fields with enums, %d constraints, %d warnings (%d scalar-typed params with sub-fields, kept as objects), %v",
		root, len(docs), len(stubs), fields, enums, constraints, warnings, dropped, time.Since(start).Round(time.Millisecond))
}

// corpusResult is the outcome of checking one corpus doc.
type corpusResult struct {
	failure                                       string
	fields, enums, constraints, warnings, dropped int
}

// checkCorpusDoc parses one doc and checks the round trip and the listing.
func checkCorpusDoc(path string) (r corpusResult) {
	data, err := os.ReadFile(path)
	if err != nil {
		return corpusResult{failure: err.Error()}
	}
	api, warns, err := Parse(path, data)
	if err != nil {
		return corpusResult{failure: fmt.Sprintf("%s: Parse: %v", path, err)}
	}
	y, err := model.Marshal(api)
	if err != nil {
		return corpusResult{failure: fmt.Sprintf("%s: Marshal: %v", path, err)}
	}
	back, err := model.Unmarshal(filepath.Base(path), y)
	if err != nil {
		return corpusResult{failure: fmt.Sprintf("%s: Unmarshal of the marshalled model: %v", path, err)}
	}
	if !assert.ObjectsAreEqual(api, back) {
		return corpusResult{failure: fmt.Sprintf("%s: model does not round-trip through YAML", path)}
	}
	want, scalarSubs, err := rawLines(data)
	if err != nil {
		return corpusResult{failure: fmt.Sprintf("%s: raw walk: %v", path, err)}
	}
	got := model.Lines(api)
	gotS := make([]string, len(got))
	for i, l := range got {
		gotS[i] = l.String()
	}
	if strings.Join(gotS, "\n") != strings.Join(want, "\n") {
		return corpusResult{failure: fmt.Sprintf("%s: model.Lines disagrees with the raw JSON:\n%s", path, lineDiff(want, gotS))}
	}
	r.fields = len(got)
	r.constraints = len(api.Constraints)
	r.warnings = len(warns)
	r.dropped = scalarSubs
	count := func(f *model.Field) { r.enums += min(len(f.Enum), 1) }
	walkFields(api.Request, count)
	walkFields(api.Response, count)
	return r
}

func walkFields(fs []*model.Field, fn func(*model.Field)) {
	for _, f := range fs {
		fn(f)
		walkFields(f.Fields, fn)
	}
}

// rawLines lists the fields of a getDocument.json page straight from the
// JSON, independently of the parser, in the format of model.Lines. It
// also counts params of a scalar type that carry subParams: the model
// keeps sub-fields only under object types, so those are not descended.
func rawLines(data []byte) (lines []string, scalarSubs int, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, 0, err
	}
	if d, ok := doc["data"].(map[string]any); ok && doc["name"] == nil {
		doc = d
	}
	method, _ := doc["name"].(string)
	var walk func(ps any, prefix string, sec model.Section)
	walk = func(ps any, prefix string, sec model.Section) {
		list, _ := ps.([]any)
		for _, x := range list {
			p := x.(map[string]any)
			name, _ := p["name"].(string)
			typ, _ := p["type"].(string)
			base, list := rawType(typ)
			req := "-"
			if sec == model.Request {
				req = "optional"
				if r := p["required"]; r == true || r == "true" {
					req = "required"
				}
			}
			var limits []string
			for _, k := range []string{"maxLength", "maxListSize", "minValue", "maxValue"} {
				if v, ok := p[k]; ok && v != nil {
					limits = append(limits, fmt.Sprintf("%s=%v", snake(k), v))
				}
			}
			path := prefix + name
			lines = append(lines, strings.Join([]string{method, string(sec), path, typeString(base, list), req, strings.Join(limits, " ")}, "\t"))
			if list {
				path += "[]"
			}
			if subs, _ := p["subParams"].([]any); len(subs) > 0 && model.ScalarKind(base) != model.KindObject {
				scalarSubs++ // a "scalar" type with sub-fields is an object
			}
			walk(p["subParams"], path+".", sec)
		}
	}
	walk(doc["requestParams"], "", model.Request)
	walk(doc["responseParams"], "", model.Response)
	return lines, scalarSubs, nil
}

// rawType normalises a page's type as model.ParseType documents it:
// spaces removed, empty is String, list levels folded, byte[] is one file
// (type "byte[]"), byte an integer.
func rawType(raw string) (string, bool) {
	s := strings.Join(strings.Fields(raw), "")
	dims := 0
	for strings.HasSuffix(s, "[]") {
		s = strings.TrimSuffix(s, "[]")
		dims++
	}
	if s == "" {
		s = "String"
	}
	if strings.EqualFold(s, "byte") && dims > 0 {
		s += "[]"
		dims--
	}
	return s, dims > 0
}

// typeString renders a type as model.TypeString documents it: lists
// carry [].
func typeString(base string, list bool) string {
	if list {
		base += "[]"
	}
	return base
}

func snake(k string) string {
	var b strings.Builder
	for _, r := range k {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lineDiff shows the first differing lines of two listings.
func lineDiff(want, got []string) string {
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, w, g)
			if b.Len() > 2000 {
				break
			}
		}
	}
	return b.String()
}

func BenchmarkParseCorpus(b *testing.B) {
	root := corpusRoot(b)
	docs, _ := corpusFiles(b, root)
	pages := make([][]byte, len(docs))
	var size int64
	for i, path := range docs {
		data, err := os.ReadFile(path)
		require.NoError(b, err)
		pages[i] = data
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for i, data := range pages {
			if _, _, err := Parse(docs[i], data); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "docs/s")
}

// parallelMap applies f to every item on all processors and returns the
// results in item order.
func parallelMap[T, R any](items []T, f func(T) R) []R {
	results := make([]R, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = f(items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
