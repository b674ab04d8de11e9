package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/parser"
)

// fullDocsDir returns the folder of full getDocument.json docs, skipping
// the test when it is absent.
func fullDocsDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "fulldocs")
	if c := os.Getenv("TOPGEN_CORPUS"); c != "" {
		dir = filepath.Join(c, "..", "fulldocs")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("full docs absent at %s", dir)
	}
	abs, err := filepath.Abs(dir)
	require.NoError(tb, err)
	return abs
}

// samplesTest is written into the module generated from the full docs.
// For every doc it serves Alibaba's own three response samples
// (rspSampleXml, rspSampleJson, rspSampleSimplifyJson, read from the doc
// itself, not from the model) through the generated client and looks for
// every leaf value of the sample in the decoded Go response.
var samplesTest = template.Must(template.New("samples").Parse(`package samples

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/topgen/topgen/top"
)

type apiCase struct {
	doc, method string
	newResp     func() any
}

var apiCases = []apiCase{ {{range .}}
	{ {{printf "%q" .Doc}}, {{printf "%q" .Method}}, func() any { return new({{.Name}}Response) } },{{end}}
}

type serve []byte

func (s serve) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain;charset=UTF-8"}},
		Body: io.NopCloser(bytes.NewReader(s)), ContentLength: int64(len(s)), Request: r}, nil
}

// leaf is a value of the sample with the key that holds it and the key
// above that (a wrapped list's name, or the object holding the key).
type leaf struct{ key, parent, val string }

func jsonLeaves(v any, key, parent string, out *[]leaf) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			jsonLeaves(x, k, key, out)
		}
	case []any:
		for _, x := range v {
			jsonLeaves(x, key, parent, out)
		}
	case nil:
	case string:
		if strings.TrimSpace(v) != "" {
			*out = append(*out, leaf{key, parent, strings.TrimSpace(v)})
		}
	default:
		*out = append(*out, leaf{key, parent, strings.TrimSpace(toText(v))})
	}
}

func toText(v any) string {
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func xmlLeaves(data []byte) ([]leaf, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	var text strings.Builder
	var out []leaf
	kids := []int{0}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			kids[len(kids)-1]++
			stack = append(stack, t.Name.Local)
			kids = append(kids, 0)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			n := len(stack)
			if kids[len(kids)-1] == 0 && n > 1 {
				if s := strings.TrimSpace(text.String()); s != "" {
					out = append(out, leaf{stack[n-1], stack[n-2], s})
				}
			}
			text.Reset()
			stack = stack[:n-1]
			kids = kids[:len(kids)-1]
		}
	}
}

var (
	intT  = reflect.TypeFor[top.Int]()
	boolT = reflect.TypeFor[top.Bool]()
	timeT = reflect.TypeFor[top.Time]()
	decT  = reflect.TypeFor[top.Decimal]()
	jsonT = reflect.TypeFor[top.JSON]()
)

// goValues records every (wire key, value) of the decoded Go value.
func goValues(v reflect.Value, key string, got map[[2]string]bool, hasKey map[string]bool) {
	add := func(s string) { got[[2]string{key, strings.TrimSpace(s)}] = true }
	switch v.Type() {
	case intT:
		add(strconv.FormatInt(v.Int(), 10))
		return
	case boolT:
		add(strconv.FormatBool(v.Bool()))
		return
	case timeT:
		t := v.Interface().(top.Time)
		if !t.IsZero() {
			add(t.String())
			add(t.Time.In(top.GMT8()).Format(time.DateOnly))
			add(strconv.FormatInt(t.UnixMilli(), 10))
		}
		return
	case decT:
		add(v.String())
		return
	case jsonT:
		var x any
		d := json.NewDecoder(bytes.NewReader(v.Bytes()))
		d.UseNumber()
		if d.Decode(&x) == nil {
			var ls []leaf
			jsonLeaves(x, key, "", &ls)
			for _, l := range ls {
				got[[2]string{l.key, l.val}] = true
			}
		}
		add(string(v.Bytes()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		add(v.String())
	case reflect.Pointer:
		if !v.IsNil() {
			goValues(v.Elem(), key, got, hasKey)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			goValues(v.Index(i), key, got, hasKey)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if f.Anonymous {
				name = key
			}
			hasKey[name] = true
			goValues(v.Field(i), name, got, hasKey)
		}
	}
}

func TestSamples(t *testing.T) {
	total, found := map[string]int{}, map[string]int{}
	failures := 0
	for _, c := range apiCases {
		raw, err := os.ReadFile(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(c.doc, err)
		}
		for _, form := range []string{"xml", "json", "simplify"} {
			field := map[string]string{"xml": "rspSampleXml", "json": "rspSampleJson", "simplify": "rspSampleSimplifyJson"}[form]
			sample, _ := doc[field].(string)
			var leaves []leaf
			if form == "xml" {
				leaves, err = xmlLeaves([]byte(sample))
			} else {
				var x any
				d := json.NewDecoder(strings.NewReader(sample))
				d.UseNumber()
				if err = d.Decode(&x); err == nil && d.More() {
					err = io.ErrUnexpectedEOF
				}
				jsonLeaves(x, "", "", &leaves)
			}
			if err != nil {
				t.Logf("%s %s: sample is not valid %s (%v), skipped", c.method, field, form, err)
				continue
			}
			if len(leaves) == 0 {
				t.Logf("%s %s: sample holds no values; decoded only", c.method, field)
			}
			opts := []top.Option{top.WithHTTPClient(&http.Client{Transport: serve(sample)})}
			switch form {
			case "xml":
				opts = append(opts, top.WithFormat(top.FormatXML))
			case "simplify":
				opts = append(opts, top.WithSimplify(true))
			}
			client := top.NewClient("12345678", "secret", opts...)
			resp := c.newResp()
			err = client.Do(context.Background(), top.Call{Method: c.method}, nil, resp, top.WithSession("s"))
			got, hasKey := map[[2]string]bool{}, map[string]bool{}
			if err != nil {
				t.Errorf("%s %s: %v", c.method, form, err)
				failures++
			} else {
				goValues(reflect.ValueOf(resp).Elem(), "", got, hasKey)
			}
			for _, l := range leaves {
				if l.key == "request_id" && !hasKey["request_id"] {
					continue // checked once the generated responses carry it
				}
				total[form]++
				if got[[2]string{l.key, l.val}] || got[[2]string{l.parent, l.val}] {
					found[form]++
					continue
				}
				failures++
				if failures <= 60 {
					t.Errorf("%s %s: %s=%q (under %s) not in the decoded response", c.method, form, l.key, l.val, l.parent)
				}
			}
		}
	}
	for _, form := range []string{"xml", "json", "simplify"} {
		t.Logf("SAMPLES %s: %d of %d leaf values decoded", form, found[form], total[form])
	}
}
`))

type sampleAPI struct {
	Doc, Method, Name string
}

// TestFullDocSamplesDecode generates the SDK of every full doc and
// decodes each of its three response samples through it.
func TestFullDocSamplesDecode(t *testing.T) {
	dir := fullDocsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sort.Strings(files)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"gen", "-pkg", "samples", "-o", out}, files...), &stdout, &stderr)
	require.Equal(t, 0, code, "topgen gen: %s", stderr.String())

	var apis []sampleAPI
	for i, r := range parser.LoadAll(files) {
		require.NoError(t, r.Err)
		plan, err := gen.Plan(r.API)
		require.NoError(t, err)
		apis = append(apis, sampleAPI{Doc: files[i], Method: r.API.Method, Name: plan.Name})
	}
	var b bytes.Buffer
	require.NoError(t, samplesTest.Execute(&b, apis))
	require.NoError(t, os.WriteFile(filepath.Join(out, "samples_test.go"), b.Bytes(), 0o644))
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	mod := "module samplessdk\n\ngo 1.26\n\nrequire github.com/topgen/topgen v0.0.0\n\nreplace github.com/topgen/topgen => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(out, "go.mod"), []byte(mod), 0o644))

	cmd := exec.Command("go", "test", "-count=1", "-v", ".")
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	res, err := cmd.CombinedOutput()
	for _, line := range strings.Split(string(res), "\n") {
		if strings.Contains(line, "SAMPLES") || strings.Contains(line, "skipped") || strings.Contains(line, "no values") {
			t.Log(strings.TrimSpace(line))
		}
	}
	require.NoError(t, err, "%s", res)
}
