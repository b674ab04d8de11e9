package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/parser"
)

// corpusE2E is the test written into the generated corpus module: every
// API is called through its generated client against a fake gateway that
// checks the signature and the parameters, and answers with a response
// synthesised from the model in XML, JSON and simplify JSON; every value
// must come back in the Go response.
var corpusE2E = template.Must(template.New("e2e").Parse(`package corpussdk

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	e2e "github.com/topgen/topgen/internal/gentest"
	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
{{range .Pkgs}}
	{{.}} "github.com/topgen/topgen/corpussdk/{{.}}"{{end}}
)

type apiCase struct {
	page   string
	newReq func() top.Request
	call   func(context.Context, *top.Client, top.Request, ...top.CallOption) (any, error)
}

func cases() []apiCase {
	return []apiCase{ {{range .APIs}}
		{ {{printf "%q" .Page}}, func() top.Request { return new({{.Pkg}}.{{.Name}}Request) },
			func(ctx context.Context, c *top.Client, r top.Request, o ...top.CallOption) (any, error) {
				return {{.Pkg}}.Client{Client: c}.{{.Name}}(ctx, r.(*{{.Pkg}}.{{.Name}}Request), o...)
			} },{{end}}
	}
}

func TestCorpusE2E(t *testing.T) {
	const secret = "corpus-secret"
	gw := toptest.New(secret, nil)
	defer gw.Close()
	failures := 0
	fail := func(format string, args ...any) {
		failures++
		if failures <= 40 {
			t.Errorf(format, args...)
		}
	}
	forms := []struct {
		name string
		opts []top.Option
	}{
		{"xml", []top.Option{top.WithFormat(top.FormatXML)}},
		{"json", nil},
		{"simplify", []top.Option{top.WithSimplify(true)}},
	}
	calls := 0
	var odd e2e.OddStats
	var byteTop, byteNested int
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	for _, c := range cases() {
		api, _, err := parser.Load(c.page)
		if err != nil {
			fail("%s: %v", c.page, err)
			continue
		}
		nodes := e2e.Synthesize(api.Response)
		// The JSON forms serve some values in odd shapes (point 3 of issue
		// 11), expected as the Java SDK's converters read them.
		oddNodes, st := e2e.Oddify(nodes)
		want := e2e.Params(api.Request)
		bt, bn := e2e.ByteParams(api.Request)
		for _, form := range forms {
			var body []byte
			served := nodes
			switch form.name {
			case "xml":
				body = e2e.XML(api.Method, nodes)
			default:
				served = oddNodes
				body = e2e.JSON(api.Method, served, form.name == "simplify")
				odd.Add(st)
			}
			gw.SetResponder(func(*toptest.Request) (string, []byte) { return "application/json;charset=UTF-8", body })
			client := top.NewClient("12345678", secret, append([]top.Option{top.WithGateway(gw.URL), top.WithHTTPClient(hc)}, form.opts...)...)
			req := c.newReq()
			if err := e2e.Fill(req, mustPlan(t, api).Request); err != nil {
				fail("%s: fill: %v", api.Method, err)
				break
			}
			resp, err := c.call(context.Background(), client, req, top.WithSession("s"))
			calls++
			if err != nil {
				fail("%s %s: %v", api.Method, form.name, err)
				continue
			}
			got := gw.Last()
			if !got.SignOK {
				fail("%s %s: bad signature", api.Method, form.name)
			}
			for name, w := range want {
				if !e2e.SameParam(got.Params[name], w) {
					fail("%s %s: param %s = %q, want %q", api.Method, form.name, name, got.Params[name], w)
				}
			}
			byteTop += bt
			byteNested += bn
			for _, msg := range e2e.Check(served, resp, mustPlan(t, api).Response) {
				fail("%s %s: %s", api.Method, form.name, msg)
			}
		}
	}
	t.Logf("%d APIs, %d calls, %d failures", len(cases()), calls, failures)
	t.Logf("byte: %d top-level and %d nested request values sent, %d response values served as JSON numbers, %d as numeric strings",
		byteTop, byteNested, odd.ByteNumber, odd.ByteQuoted)
	t.Logf("odd shapes served (JSON forms): %v", odd.Shapes)
	if len(cases()) >= 1000 { // the whole corpus has byte fields and every shape
		if byteTop == 0 || byteNested == 0 || odd.ByteNumber == 0 || odd.ByteQuoted == 0 {
			fail("byte values not exercised: %d top-level, %d nested, %d served as numbers, %d as strings", byteTop, byteNested, odd.ByteNumber, odd.ByteQuoted)
		}
		for o := e2e.OddNumber; o <= e2e.OddScalarNumber; o++ {
			if odd.Shapes[o] == 0 {
				fail("odd shape %s never served", o)
			}
		}
	}
	if failures > 0 {
		t.Fatal(fmt.Sprintf("%d failures", failures))
	}
}

// mustPlan returns the generator's plan of api: the Go names Fill uses.
func mustPlan(t testing.TB, api *model.API) *gen.APIPlan {
	t.Helper()
	p, err := gen.Plan(api)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
`))

type e2eAPI struct{ Page, Pkg, Name string }

// writeCorpusE2E writes the end-to-end test of the generated corpus
// module in dir, one case per doc page.
func writeCorpusE2E(t *testing.T, dir, corpus string) {
	files, err := parser.Expand([]string{corpus})
	require.NoError(t, err)
	var apis []e2eAPI
	pkgs := map[string]bool{}
	for i, r := range parser.LoadAll(files) {
		require.NoError(t, r.Err)
		plan, err := gen.Plan(r.API)
		require.NoError(t, err)
		abs, err := filepath.Abs(files[i])
		require.NoError(t, err)
		pkg := gen.SanitizePackage(filepath.Base(filepath.Dir(files[i])))
		pkgs[pkg] = true
		apis = append(apis, e2eAPI{Page: abs, Pkg: pkg, Name: plan.Name})
	}
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	var b bytes.Buffer
	require.NoError(t, corpusE2E.Execute(&b, map[string]any{"Pkgs": names, "APIs": apis}))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e2e_test.go"), b.Bytes(), 0o644))
	require.NotContains(t, strings.Join(names, " "), "corpussdk")
}
