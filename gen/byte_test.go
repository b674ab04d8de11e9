package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
	"github.com/topgen/topgen/parser"
)

// TestByteIsAnInteger: TOP type byte is java.lang.Byte (the corpus
// documents values like 0, -1, -2: "0:正常，-1:删除，-2:停售"), so a response
// byte decodes as top.Int, a list of them as top.List[top.Int]; byte[]
// stays a file.
func TestByteIsAnInteger(t *testing.T) {
	api := &model.API{Method: "taobao.byte.check",
		Request: []*model.Field{{Name: "img", Type: "byte[]"}},
		Response: []*model.Field{
			{Name: "status", Type: "byte"},
			{Name: "codes", Type: "byte", List: true},
			{Name: "file", Type: "byte[]"},
		}}
	plan, err := Plan(api)
	require.NoError(t, err)
	got := map[string]string{}
	for _, f := range plan.Response.Fields {
		got[f.Field.Name] = f.Type.String()
	}
	assert.Equal(t, map[string]string{"status": "top.Int", "codes": "top.List[top.Int]", "file": "string"}, got)
	assert.Equal(t, "*top.File", plan.Request.Fields[0].Type.String())
}

// TestCorpusByteResponse reads a corpus doc whose response has a byte
// field (room_type_list[].status of taobao.xhotel.baseinfo.get).
func TestCorpusByteResponse(t *testing.T) {
	dir := os.Getenv("TOPGEN_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus", "topdocs")
	}
	page := filepath.Join(dir, "xhotelitem", "taobao_xhotel_baseinfo_get.json")
	if _, err := os.Stat(page); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	api, _, err := parser.Load(page)
	require.NoError(t, err)
	plan, err := Plan(api)
	require.NoError(t, err)
	found := false
	for _, s := range plan.Types {
		for _, f := range s.Fields {
			if f.Field.Name == "status" && f.Field.Type == "byte" {
				found = true
				require.NotNil(t, f.Enum, "0:正常，-1:删除，-2:停售 is an enum")
				assert.Equal(t, "top.Int", f.Enum.Base.String(), s.Name)
				var values []string
				for _, c := range f.Enum.Consts {
					values = append(values, c.Value)
				}
				assert.Subset(t, values, []string{"0", "-1", "-2"})
			}
		}
	}
	assert.True(t, found, "the doc has a byte status")
}
