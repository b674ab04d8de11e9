package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// FuzzParseJSON checks that Parse never panics on JSON-like input and that
// every model it returns survives a YAML round trip.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"name":"a.b"}`,
		`{"success":true,"data":{"name":"a.b.c","apiChineseName":"标题","requestParams":[{"name":"x","type":"String","required":true}]}}`,
		`{"success":false,"errorMsg":"no"}`,
		`{"name":"a.b","requestParams":[{"name":"p","type":"P","subParams":[{"name":"q","type":"Number []","minValue":"-1","maxValue":1.5e2}]}]}`,
		`{"name":"a.b","requestParams":[{"name":"s","description":"1=中文,2=英文 和t不能同时为空"},{"name":"t","type":"byte[]"}]}`,
		`{"name":"a.b","responseParams":[{"name":"r","type":"X[][]","required":"true","description":"<ul><li>A(甲)<li>B(乙)</ul>&nbsp;"}]}`,
		`{"name":"a.b","errorCodes":[{"code":1,"msg":"m"},{"errorCode":"e","solution":"s"}],"rspSampleXml":"<a/>"}`,
		`{"name":"a.b","requestParams":[{"type":"?"},{"name":1},{"name":"n","maxLength":"x"}]}`,
		`{"name":"淘宝","pkg":"p","id":1}`,
		"{\"name\":\"a.b\",\n\"requestParams\":[\n{\"name\":\"a\",}\n]}",
		`{"name":"a.b","requestParams":[{"name":"x.y","description":"和c不能同时为空"},{"name":"c"}]}`,
	} {
		f.Add([]byte(s))
	}
	fixtures, err := filepath.Glob(filepath.Join("testdata", "json", "*.json"))
	require.NoError(f, err)
	for _, path := range fixtures {
		data, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		api, _, err := Parse("fuzz.json", data)
		if err != nil {
			return
		}
		y, err := model.Marshal(api)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := model.Unmarshal("fuzz.yaml", y)
		if err != nil {
			t.Fatalf("Unmarshal: %v\n%s", err, y)
		}
		require.Equal(t, api, back, "%s", y)
	})
}
