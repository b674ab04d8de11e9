package gen

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/top"
)

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"alibaba.nlife.b2c.trade.pay": "AlibabaNlifeB2cTradePay",
		"taobao.item.get":             "TaobaoItemGet",
		"taobao.user.id.get":          "TaobaoUserIDGet",
		"taobao.http_url.json":        "TaobaoHTTPURLJSON",
		"1688.trade.get":              "X1688TradeGet",
		"":                            "API",
	} {
		assert.Equal(t, want, GoName(in), in)
	}
}

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"user_id":       "UserID",
		"userId":        "UserID",
		"ownerCode":     "OwnerCode",
		"HTTPServerURL": "HTTPServerURL",
		"3d_url":        "X3dURL",
		"a-b.c":         "ABC",
		"sku2Id":        "Sku2ID",
		"utf8_name":     "UTF8Name",
		"名字":            "",
	} {
		assert.Equal(t, want, exported(in), in)
	}
}

func TestGroupOf(t *testing.T) {
	for in, want := range map[string]string{
		"alibaba.nlife.b2c.trade.pay": "nlife",
		"taobao.item.get":             "item",
		"taobao.go.x":                 "gopkg",
		"taobao.main.x":               "mainpkg",
		"taobao.2d.x":                 "x2d",
		"taobao.Item_Cat.x":           "itemcat",
		"taobao":                      "taobao",
		"taobao..x":                   "api",
	} {
		assert.Equal(t, want, GroupOf(in), in)
	}
}

func TestCleanText(t *testing.T) {
	got := cleanText("a */ b\r\nc\rd\u2028e\u2029f\u0085g\x00h\x1bi\u202ej\ufeffk\t  l\xffm\n\n")
	assert.Equal(t, []string{"a */ b", "c", "d", "e", "f", "ghijk lm"}, got)
	assert.Equal(t, "x y", oneLine(" x\n\n y "))
	assert.Equal(t, "abc…", clip("abcdef", 3))
}

// seedAPI loads one of the seed models.
func seedAPI(t testing.TB, method string) *model.API {
	t.Helper()
	apis, _ := loadCase(t, "testdata/cases/seed")
	for _, a := range apis {
		if a.Method == method {
			return a
		}
	}
	t.Fatalf("no seed model %s", method)
	return nil
}

func TestPlanIdents(t *testing.T) {
	p, err := Plan(seedAPI(t, "alibaba.nlife.b2c.trade.pay"))
	require.NoError(t, err)
	ids := p.Idents()
	assert.Contains(t, ids, Ident{Path: "request.fund_bill_list[].amount", Kind: "field", Name: "AlibabaNlifeB2cTradePayRequest_FundBillList.Amount", GoType: "*int64"})
	assert.Contains(t, ids, Ident{Path: "request.fund_bill_list[]", Kind: "type", Name: "AlibabaNlifeB2cTradePayRequest_FundBillList", GoType: "struct"})
	assert.Contains(t, ids, Ident{Path: "request.picking_up=LOGISTICS", Kind: "const", Name: "AlibabaNlifeB2cTradePayRequest_PickingUp_LOGISTICS", GoType: "AlibabaNlifeB2cTradePayRequest_PickingUp"})
	assert.Contains(t, ids, Ident{Path: "response.gmt_payment", Kind: "field", Name: "AlibabaNlifeB2cTradePayResponse.GmtPayment", GoType: "top.Time"})
	assert.Contains(t, ids, Ident{Path: "method", Kind: "method", Name: "AlibabaNlifeB2cTradePay",
		GoType: "func(context.Context, *AlibabaNlifeB2cTradePayRequest, ...top.CallOption) (*AlibabaNlifeB2cTradePayResponse, error)"})
	for i := 1; i < len(ids); i++ {
		a, b := ids[i-1], ids[i]
		assert.True(t, a.Path < b.Path || a.Path == b.Path && (a.Kind < b.Kind || a.Kind == b.Kind && a.Name <= b.Name), "not sorted: %v, %v", a, b)
	}
	// A TOP type used at several paths is one struct per path, named after the path.
	d, err := Plan(seedAPI(t, "alibaba.damai.maizuo.openapi.trade.pay.result.callback"))
	require.NoError(t, err)
	var types []string
	for _, id := range d.Idents() {
		if id.Kind == "type" && strings.HasSuffix(id.Path, "discount_list[]") && strings.Count(id.Path, ".") == 3 {
			types = append(types, id.Path+" "+id.Name)
		}
	}
	assert.Equal(t, []string{
		"response.result_data.shopping_cart_vo.coupon_code_discount_list[] AlibabaDamaiMaizuoOpenapiTradePayResultCallbackResponse_ResultData_ShoppingCartVo_CouponCodeDiscountList",
		"response.result_data.shopping_cart_vo.order_discount_list[] AlibabaDamaiMaizuoOpenapiTradePayResultCallbackResponse_ResultData_ShoppingCartVo_OrderDiscountList",
		"response.result_data.shopping_cart_vo.pay_discount_list[] AlibabaDamaiMaizuoOpenapiTradePayResultCallbackResponse_ResultData_ShoppingCartVo_PayDiscountList",
	}, types)
}

// walkFields calls fn for every field of fs, recursively.
func walkFields(fs []*model.Field, fn func(*model.Field)) {
	for _, f := range fs {
		fn(f)
		walkFields(f.Fields, fn)
	}
}

func cloneAPI(t testing.TB, a *model.API) *model.API {
	t.Helper()
	b, err := model.Marshal(a)
	require.NoError(t, err)
	c, err := model.Unmarshal("clone.yaml", b)
	require.NoError(t, err)
	return c
}

func TestTypesDoNotDependOnRequired(t *testing.T) {
	for _, m := range []string{"alibaba.nlife.b2c.trade.pay", "alibaba.damai.maizuo.openapi.trade.pay.result.callback"} {
		a := seedAPI(t, m)
		b := cloneAPI(t, a)
		walkFields(b.Request, func(f *model.Field) { f.Required = !f.Required })
		pa, err := Plan(a)
		require.NoError(t, err)
		pb, err := Plan(b)
		require.NoError(t, err)
		types := func(p *APIPlan) []string {
			var out []string
			for _, id := range p.Idents() {
				out = append(out, id.Path+" "+id.Name+" "+id.GoType)
			}
			return out
		}
		assert.Equal(t, types(pa), types(pb), m)
	}
}

func TestEnumAliasKeepsFieldType(t *testing.T) {
	a := seedAPI(t, "alibaba.nlife.b2c.trade.pay")
	b := cloneAPI(t, a)
	walkFields(b.Request, func(f *model.Field) { f.Enum = nil })
	pa, err := Plan(a)
	require.NoError(t, err)
	pb, err := Plan(b)
	require.NoError(t, err)
	for i, fa := range pa.Types[0].Fields {
		fb := pb.Types[0].Fields[i]
		if fa.Enum == nil {
			assert.Equal(t, fb.Type.String(), fa.Type.String())
			continue
		}
		assert.Equal(t, "AlibabaNlifeB2cTradePayRequest_FundBillList_Type", fa.Type.String())
		assert.Equal(t, fb.Type.String(), fa.Enum.Base.String(), "the alias stands for the plain type")
	}
}

func TestPlanErrors(t *testing.T) {
	_, err := Plan(nil)
	assert.Error(t, err)
	for _, name := range []string{"a,b", "a b", "a\"b", "a`b", "a\nb"} {
		_, err := Plan(&model.API{Method: "taobao.x.y", Request: []*model.Field{{Name: name, Type: "String"}}})
		assert.Error(t, err, "%q", name)
	}
}

func TestGenerateCollisions(t *testing.T) {
	apis := []*model.API{{Method: "taobao.item.get_x"}, {Method: "taobao.item.get.x"}}
	_, err := Generate(apis, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "taobao_item_get_x_gen.go of taobao.item.get_x is also declared by taobao.item.get.x")

	apis = []*model.API{{Method: "taobao.item.getX"}, {Method: "taobao.item.get_x"}}
	_, err = Generate(apis, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TaobaoItemGetX of taobao.item.get_x is also declared by taobao.item.getX")

	// A method and a type of the same name live in different namespaces.
	apis = []*model.API{{Method: "taobao.item.get"}, {Method: "taobao.item.get_request"}}
	_, err = Generate(apis, Options{})
	require.NoError(t, err)

	// Every type and constant of an API starts with <Api>Request_ or
	// <Api>Response_, so two APIs' nested names cannot collide: the enum
	// alias of taobao.item.get's x and the struct of taobao.item.get.request's o.
	apis = []*model.API{
		{Method: "taobao.item.get", Request: []*model.Field{{Name: "x", Type: "String", Enum: []model.EnumValue{{Value: "A"}}}}},
		{Method: "taobao.item.get.request", Request: []*model.Field{{Name: "x", Type: "X", Fields: []*model.Field{{Name: "a", Type: "String"}}}}},
	}
	_, err = Generate(apis, Options{})
	require.NoError(t, err)

	_, err = GenerateGroups(map[string][]*model.API{"Bad-Name": {{Method: "a.b.c"}}}, Options{})
	assert.Error(t, err)
	_, err = GenerateGroups(map[string][]*model.API{"": {{Method: "a.b.c"}}}, Options{})
	assert.Error(t, err, "the root group needs opts.Package")
	_, err = Generate([]*model.API{{Method: "a.b.c"}, {Method: "a.b.c"}}, Options{})
	assert.Error(t, err, "duplicate API")
}

// allCaseAPIs loads every golden case's models.
func allCaseAPIs(t testing.TB) []*model.API {
	var apis []*model.API
	for _, dir := range caseDirs(t) {
		a, _ := loadCase(t, dir)
		apis = append(apis, a...)
	}
	return apis
}

func filesByPath(fs []File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range fs {
		m[f.Path] = f.Content
	}
	return m
}

func TestStability(t *testing.T) {
	apis := allCaseAPIs(t)
	require.GreaterOrEqual(t, len(apis), 8)
	opts := Options{Package: "all", Header: "stability"}
	first, err := Generate(apis, opts)
	require.NoError(t, err)
	again, err := Generate(apis, opts)
	require.NoError(t, err)
	assert.Equal(t, first, again, "two runs must be byte-identical")

	// Remove one API, edit another, shuffle the rest.
	removed, edited := apis[0], cloneAPI(t, apis[1])
	edited.Request = append(edited.Request, &model.Field{Name: "added_param", Type: "String", Description: "new"})
	edited.Response = append(edited.Response, &model.Field{Name: "added_field", Type: "Number"})
	changed := append([]*model.API{edited}, apis[2:]...)
	rand.New(rand.NewSource(1)).Shuffle(len(changed), func(i, j int) { changed[i], changed[j] = changed[j], changed[i] })
	second, err := Generate(changed, opts)
	require.NoError(t, err)

	before, after := filesByPath(first), filesByPath(second)
	assert.NotContains(t, after, fileBase(removed.Method))
	assert.NotEqual(t, string(before[fileBase(edited.Method)]), string(after[fileBase(edited.Method)]))
	for p, b := range after {
		if p == fileBase(edited.Method) {
			continue
		}
		assert.Equal(t, string(before[p]), string(b), "%s changed although its API did not", p)
	}

	// An API's file is the same whatever else is in its package.
	for _, a := range apis {
		alone, err := Generate([]*model.API{a}, opts)
		require.NoError(t, err)
		assert.Equal(t, string(before[fileBase(a.Method)]), string(filesByPath(alone)[fileBase(a.Method)]), a.Method)
	}
}

// TestHostileText checks that untrusted text stays inside comments and
// string literals: the hostile case's output declares exactly what its
// plan says, and no generated byte is a control or bidi character.
func TestHostileText(t *testing.T) {
	for _, dir := range caseDirs(t) {
		apis, opts := loadCase(t, dir)
		files, err := Generate(apis, opts)
		require.NoError(t, err)
		for _, f := range files {
			for i, r := range string(f.Content) {
				if r == '\n' || r == '\t' {
					continue
				}
				require.False(t, unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 || r == utf8.RuneError,
					"%s: byte %d is %U", f.Path, i, r)
			}
		}
	}
	apis, opts := loadCase(t, "testdata/cases/hostile")
	files, err := Generate(apis, opts)
	require.NoError(t, err)
	p, err := Plan(apis[0])
	require.NoError(t, err)
	src := filesByPath(files)["hostile/"+p.File]
	require.NotNil(t, src)
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
	require.NoError(t, err)
	assert.Equal(t, "hostile", af.Name.Name)
	var decls []string
	for _, d := range af.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			decls = append(decls, "func "+d.Name.Name)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					decls = append(decls, "type "+s.Name.Name)
				case *ast.ValueSpec:
					decls = append(decls, "const "+s.Names[0].Name)
				case *ast.ImportSpec:
					decls = append(decls, "import "+s.Path.Value)
				}
			}
		}
	}
	want := []string{`import "context"`, `import "github.com/topgen/topgen/top"`, "func " + p.Name, "type " + p.Request.Name}
	q := p.Request.Fields[0].Enum
	want = append(want, "type "+q.Name)
	for _, c := range q.Consts {
		want = append(want, "const "+c.Name)
	}
	want = append(want, "func Validate", "func EncodeParams", "type "+p.Response.Name, "type "+p.Types[0].Name)
	assert.Equal(t, want, decls)
	for _, cg := range af.Comments {
		for _, c := range cg.List {
			assert.True(t, strings.HasPrefix(c.Text, "// ") || c.Text == "//", "comment %q", c.Text)
		}
	}
	// Enum values survive exactly, through quoting.
	var lits []string
	ast.Inspect(af, func(n ast.Node) bool {
		if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
			lits = append(lits, bl.Value)
		}
		return true
	})
	assert.Contains(t, lits, `"a\"b"`)
	assert.Contains(t, lits, `"e\\f\ng"`)
}

func TestHostileMethod(t *testing.T) {
	a := &model.API{Method: "taobao.evil\n*/ func x(){}\u2028.get`\"", Title: "t\r\nfunc y(){}"}
	files, err := Generate([]*model.API{a}, Options{Package: "p"})
	require.NoError(t, err)
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, 0)
		require.NoError(t, err, "%s:\n%s", f.Path, f.Content)
		if f.Path != "client_gen.go" {
			assert.Len(t, af.Decls, 6, "import, method, request, Validate, EncodeParams, response")
			assert.NotContains(t, f.Path, "/")
		}
	}
}

func TestIsGenerated(t *testing.T) {
	assert.True(t, IsGenerated([]byte(Header+"\n\npackage x\n")))
	assert.True(t, IsGenerated([]byte(Header+"\r\n")))
	assert.True(t, IsGenerated([]byte(Header)))
	assert.False(t, IsGenerated([]byte(Header+" extra\n")))
	assert.False(t, IsGenerated([]byte("package x\n"+Header+"\n")))
	assert.False(t, IsGenerated(nil))
}

// BenchmarkGenerate generates every golden case's models in one run and
// reports the generated lines per API.
func BenchmarkGenerate(b *testing.B) {
	apis := allCaseAPIs(b)
	var lines int
	for b.Loop() {
		files, err := Generate(apis, Options{})
		if err != nil {
			b.Fatal(err)
		}
		lines = 0
		for _, f := range files {
			if filepath.Base(f.Path) != "client_gen.go" {
				lines += bytes.Count(f.Content, []byte("\n"))
			}
		}
	}
	b.ReportMetric(float64(lines)/float64(len(apis)), "lines/api")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(apis)), "ns/api")
}

// Every response gets a field for TOP's request_id, named so that it never
// collides with a documented field.
func TestRequestIDName(t *testing.T) {
	plan := func(fields ...*model.Field) *StructPlan {
		p, err := Plan(&model.API{Method: "taobao.rid.get", Response: fields})
		require.NoError(t, err)
		return p.Response
	}
	assert.Equal(t, "RequestID", RequestIDName(plan(&model.Field{Name: "x", Type: "String"})))
	assert.Equal(t, "TopRequestID", RequestIDName(plan(&model.Field{Name: "RequestId", Type: "Number"})))
	assert.Equal(t, "TopRequestID2", RequestIDName(plan(&model.Field{Name: "RequestId", Type: "String"}, &model.Field{Name: "top_request_id", Type: "String"})))
	assert.Equal(t, "", RequestIDName(plan(&model.Field{Name: "request_id", Type: "String"})), "the doc's own field carries it")
}

// TestNamesFollowPaths: a Go identifier depends only on the wire at its
// path, so edits that keep the wire keep every identifier.
func TestNamesFollowPaths(t *testing.T) {
	names := func(a *model.API) []string {
		p, err := Plan(a)
		require.NoError(t, err)
		var out []string
		for _, id := range p.Idents() {
			out = append(out, id.Kind+" "+id.Path+" "+id.Name)
		}
		return out
	}
	var reverse func(fs []*model.Field)
	reverse = func(fs []*model.Field) {
		for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
			fs[i], fs[j] = fs[j], fs[i]
		}
		for _, f := range fs {
			reverse(f.Fields)
		}
	}
	edits := map[string]func(a *model.API){
		"reorder siblings": func(a *model.API) { reverse(a.Request); reverse(a.Response) },
		"rename TOP types": func(a *model.API) {
			walkFields(a.Response, func(f *model.Field) {
				if len(f.Fields) > 0 {
					f.Type = strings.ToUpper(f.Type) + "DTO"
				}
			})
		},
		"change one use of a shared type": func(a *model.API) {
			walkFields(a.Response, func(f *model.Field) {
				if f.Name == "order_discount_list" {
					f.Fields = f.Fields[1:]
				}
			})
		},
		"reword enum labels and descriptions": func(a *model.API) {
			walkFields(a.Request, func(f *model.Field) {
				for i := range f.Enum {
					f.Enum[i].Label = "—" + f.Enum[i].Label
				}
				f.Description += "（改）"
			})
		},
		"repeat a field": func(a *model.API) {
			dup := *a.Request[0]
			a.Request = append(a.Request, &dup)
		},
	}
	for _, m := range []string{"alibaba.nlife.b2c.trade.pay", "alibaba.damai.maizuo.openapi.trade.pay.result.callback"} {
		base := seedAPI(t, m)
		want := names(base)
		for name, edit := range edits {
			a := cloneAPI(t, base)
			edit(a)
			got := names(a)
			if name == "change one use of a shared type" {
				// Only the removed field's identifiers go; nothing is renamed.
				for _, g := range got {
					assert.Contains(t, want, g, "%s: %s", m, name)
				}
				continue
			}
			assert.Equal(t, want, got, "%s: %s", m, name)
		}
	}
}

func TestFieldAndConstNames(t *testing.T) {
	fs := func(names ...string) []*model.Field {
		var out []*model.Field
		for _, n := range names {
			out = append(out, &model.Field{Name: n, Type: "String"})
		}
		return out
	}
	// Colliding Go names are numbered in the byte order of the wire names,
	// whatever the document order; a repeat gets no name.
	assert.Equal(t, []string{"UserID2", "UserID", "Validate_", ""}, fieldNames(fs("user_id", "userId", "Validate", "userId"), map[string]bool{"Validate": true}))
	assert.Equal(t, []string{"UserID", "UserID2"}, fieldNames(fs("userId", "user_id"), nil))
	assert.Equal(t, []string{"FieldE395B46C"}, fieldNames(fs("名字"), nil), "CRC-32 of the wire name")
	// Constants are keyed by value: any script's letters and digits are kept,
	// values that reduce alike are numbered in byte order, a value with
	// nothing usable is spelled in hex.
	assert.Equal(t, []string{"E_上午", "E_Neg1", "E_a_b2", "E_a_b", "E_X2B"}, constNames("E", []string{"上午", "-1", "a_b", "a-b", "+"}))
	assert.Equal(t, []string{"E_a_b", "E_a_b2"}, constNames("E", []string{"a-b", "a_b"}))
}

// The generator never needs a runtime newer than the top package of its
// own module: generated code compiles against the runtime released with it.
func TestRuntimeVersionInStep(t *testing.T) {
	assert.LessOrEqual(t, RuntimeVersion, top.RuntimeVersion)
}
