package parser

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// renderedResult is the outcome of parsing one rendered corpus doc.
type renderedResult struct {
	file                  string
	skip                  bool // the JSON itself does not parse
	fields                int
	exact                 [2]bool // text, HTML: the listing agrees with the JSON's
	failure               [2]string
	wrongEx, wrongDesc    [2]int
	guesses, guessedWrong [2]int // rows whose example the page's examples leave out
	fieldsOK              [2]int
	warns                 [2][]string
	defects               int         // inconsistencies put in the page on purpose
	falseWarns            [2][]string // warnings on a page that parses that match no defect
	missedDefects         [2][]string // defects that cause no warning
	exampleMiss, descMiss [2][]string
}

// listing is a model's field listing for comparison with a rendered
// page's: response limits are dropped, as the response table has no
// 更多限制 column.
func listing(api *model.API) []string {
	var out []string
	for _, l := range model.Lines(api) {
		if l.Section == model.Response {
			l.Constraints = ""
		}
		out = append(out, l.String())
	}
	return out
}

// checkRendered renders one corpus doc as text and HTML, parses both and
// compares them with the JSON's model and with what the page states.
func checkRendered(path string) (r renderedResult) {
	r.file = path
	data, err := os.ReadFile(path)
	if err != nil {
		r.failure[0] = err.Error()
		return r
	}
	want, _, err := Parse(path, data)
	if err != nil {
		r.skip = true
		return r
	}
	wantL := listing(want)
	r.fields = len(wantL)
	d, err := loadRDoc(data)
	if err != nil {
		r.failure[0] = err.Error()
		return r
	}
	pg := render(d)
	r.defects = len(pg.defects)
	base := strings.TrimSuffix(filepath.Base(path), ".json")
	for i, page := range [][]byte{pg.text, pg.html} {
		name := base + [2]string{".txt", ".html"}[i]
		api, warns, err := Parse(name, page)
		for _, w := range warns {
			r.warns[i] = append(r.warns[i], w.Error())
		}
		if err != nil {
			r.failure[i] = fmt.Sprintf("%s: %v", name, err)
			continue
		}
		// Every warning must be one the renderer's defects call for, and
		// every defect must be warned about.
		found := make([]bool, len(pg.defects))
		for _, w := range warns {
			ok := false
			for j, d := range pg.defects {
				if strings.HasPrefix(w.Msg, d) {
					found[j], ok = true, true
				}
			}
			if !ok {
				r.falseWarns[i] = append(r.falseWarns[i], w.Error())
			}
		}
		for j, d := range pg.defects {
			if !found[j] {
				r.missedDefects[i] = append(r.missedDefects[i], name+": no warning: "+d)
			}
		}
		gotL := listing(api)
		for j := range min(len(gotL), len(wantL)) {
			if gotL[j] == wantL[j] {
				r.fieldsOK[i]++
			}
		}
		if strings.Join(gotL, "\n") == strings.Join(wantL, "\n") {
			r.exact[i] = true
		} else {
			r.failure[i] = fmt.Sprintf("%s: listing disagrees with the JSON:\n%s", name, lineDiff(wantL, gotL))
			continue
		}
		walkSec := func(sec model.Section) {
			var walk func(fs []*model.Field, prefix string)
			walk = func(fs []*model.Field, prefix string) {
				for _, f := range fs {
					p := prefix + f.Name
					k := string(sec) + " " + p
					if pg.guess[k] {
						r.guesses[i]++
					}
					if pg.guess[k] && (pg.example[k] != f.Example || pg.desc[k] != f.Description) {
						r.guessedWrong[i]++
					} else if ex, ok := pg.example[k]; ok && ex != f.Example {
						r.wrongEx[i]++
						r.exampleMiss[i] = append(r.exampleMiss[i], fmt.Sprintf("%s %s: example %q, want %q", name, k, f.Example, ex))
					}
					if ds, ok := pg.desc[k]; ok && ds != f.Description && !pg.guess[k] {
						r.wrongDesc[i]++
						r.descMiss[i] = append(r.descMiss[i], fmt.Sprintf("%s %s: description %q, want %q", name, k, clip(f.Description), clip(ds)))
					}
					if f.List {
						p += "[]"
					}
					walk(f.Fields, p+".")
				}
			}
			walk(api.Fields(sec), "")
		}
		walkSec(model.Request)
		walkSec(model.Response)
	}
	return r
}

// TestCorpusRendered parses the whole corpus rendered as text pages and as
// HTML pages and requires at least 99.5% of the APIs to list exactly the
// fields of their JSON, and every example and description the page states
// to come through.
func TestCorpusRendered(t *testing.T) {
	root := corpusRoot(t)
	docs, _ := corpusFiles(t, root)
	results := parallelMap(docs, checkRendered)
	dump := os.Getenv("TOPGEN_RENDER_DUMP") // a file to write every failure and warning to, for review
	var out strings.Builder
	for i, kind := range []string{"text", "HTML"} {
		apis, exact, fields, fieldsOK, wrongEx, wrongDesc, defects, guesses, guessedWrong := 0, 0, 0, 0, 0, 0, 0, 0, 0
		var warns, fails, falseWarns, missed []string
		for _, r := range results {
			if r.skip {
				continue
			}
			apis++
			fields += r.fields
			fieldsOK += r.fieldsOK[i]
			if r.exact[i] {
				exact++
			} else {
				fails = append(fails, r.failure[i])
			}
			defects += r.defects
			guesses += r.guesses[i]
			guessedWrong += r.guessedWrong[i]
			falseWarns = append(falseWarns, r.falseWarns[i]...)
			missed = append(missed, r.missedDefects[i]...)
			wrongEx += r.wrongEx[i]
			wrongDesc += r.wrongDesc[i]
			warns = append(warns, r.warns[i]...)
			fails = append(fails, r.exampleMiss[i]...)
			fails = append(fails, r.descMiss[i]...)
		}
		pct := 100 * float64(exact) / float64(apis)
		t.Logf("rendered %s: %d of %d APIs exact (%.2f%%), %d of %d fields; %d examples and %d descriptions wrong; %d warnings for %d defects put in; %d of %d rows left out of the examples split wrong",
			kind, exact, apis, pct, fieldsOK, fields, wrongEx, wrongDesc, len(warns), defects, guessedWrong, guesses)
		for _, w := range missed {
			t.Error(w)
		}
		for _, w := range falseWarns {
			t.Error("a warning no defect calls for:", w)
		}
		if pct < 99.5 {
			t.Errorf("rendered %s: %.2f%% of APIs exact, want at least 99.5%%", kind, pct)
		}
		for j, f := range fails {
			if j < 10 {
				t.Log(f)
			}
		}
		fmt.Fprintf(&out, "== %s failures\n%s\n== %s warnings\n%s\n== %s warnings matching no defect\n%s\n", kind, strings.Join(fails, "\n"),
			kind, strings.Join(warns, "\n"), kind, strings.Join(falseWarns, "\n"))
		if wrongEx+wrongDesc > 0 {
			t.Errorf("rendered %s: %d examples and %d descriptions differ from the page's", kind, wrongEx, wrongDesc)
		}
	}
	// A reproducible random sample of the warnings, for checking by hand.
	var all []string
	for _, r := range results {
		all = append(all, r.warns[0]...)
		all = append(all, r.warns[1]...)
	}
	sort.Strings(all)
	rng := rand.New(rand.NewPCG(12, 12))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	for _, w := range all[:min(50, len(all))] {
		t.Log("sample warning:", w)
	}
	if dump != "" {
		require.NoError(t, os.WriteFile(dump, []byte(out.String()), 0o644))
	}
}

// BenchmarkParseRendered parses the whole corpus rendered as text pages.
func BenchmarkParseRendered(b *testing.B) {
	root := corpusRoot(b)
	docs, _ := corpusFiles(b, root)
	var pages [][]byte
	var size int64
	for _, path := range docs {
		data, err := os.ReadFile(path)
		require.NoError(b, err)
		d, err := loadRDoc(data)
		require.NoError(b, err)
		p := render(d).text
		pages = append(pages, p)
		size += int64(len(p))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			Parse("x.txt", p) //nolint:errcheck // a few corpus docs fail by design; the speed is what counts
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "docs/s")
}
