package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/topgen/topgen/model"
)

// fuzzSeeds adds the files matching a glob to the corpus. Run the fuzzers
// with a short -fuzzminimizetime (CI uses 1s): minimising an interesting
// 40 KB page for the default 60 s stalls a short run.
func fuzzSeeds(f *testing.F, glob string) {
	paths, _ := filepath.Glob(glob)
	if len(paths) == 0 {
		f.Fatalf("no seed files match %s", glob)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkParse runs a parser and checks its contract: no panic, either a
// model or errors, every problem in the right file, and a model that
// passes Parse's own checks round-trips through its YAML form.
func checkParse(t *testing.T, parse func(string, []byte) (*model.API, Problems, Problems), format model.Format, data []byte) {
	api, warns, errs := parse("page", data)
	if len(errs) == 0 && api != nil {
		errs = checkModel("page", data, api)
		if len(errs) > 0 {
			api = nil
		}
	}
	for _, p := range append(warns, errs...) {
		if p.File != "page" || p.Line < 0 || p.Msg == "" {
			t.Fatalf("bad problem %+v", p)
		}
	}
	if len(errs) > 0 {
		if api != nil {
			t.Fatalf("a model and errors: %v", errs)
		}
		return
	}
	if api == nil {
		t.Fatal("no model and no errors")
	}
	api.Source = model.Source{File: "page", Format: format, SHA256: "0"}
	enrich(api)
	out, err := model.Marshal(api)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	back, err := model.Unmarshal("page.yaml", out)
	if err != nil {
		t.Fatalf("the model does not load back: %v\n%s", err, out)
	}
	again, err := model.Marshal(back)
	if err != nil {
		t.Fatalf("marshal again: %v", err)
	}
	if string(again) != string(out) {
		t.Fatalf("the model changes on a round trip:\n%s\n---\n%s", out, again)
	}
}

func FuzzParseText(f *testing.F) {
	fuzzSeeds(f, filepath.Join("..", "specs", "*.txt"))
	fuzzSeeds(f, filepath.Join("testdata", "text", "*.txt"))
	f.Add([]byte(nestPage))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, parseText, model.FormatText, data)
	})
}

func FuzzParseHTML(f *testing.F) {
	fuzzSeeds(f, filepath.Join("testdata", "html", "*.html"))
	f.Add([]byte(renderHTML(f, []byte(nestPage))))
	f.Add([]byte(`<h1>a.b (c)</h1><h3>请求参数</h3><table><tr><td>x</td><td>String</td><td>必须</td><td>1</td><td><ul><li>最大长度:2</li></ul></td><td>d</td></tr></table><h3>响应参数</h3><h3>响应示例</h3><pre>&lt;a_b_response/&gt;</pre>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, parseHTML, model.FormatHTML, data)
	})
}
