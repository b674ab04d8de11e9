package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// TestByteTypes: byte is java.lang.Byte (an integer), byte[] one file,
// byte[][] a list of files, in every page format's type column.
func TestByteTypes(t *testing.T) {
	for _, cell := range []string{"byte", "byte[]", "byte []", "byte[][]"} {
		assert.True(t, isTypeCell(cell), cell)
	}
	doc := `{"name": "taobao.xhotel.update", "requestParams": [
	  {"name": "status", "type": "byte", "description": "酒店状态 0:正常，-1:删除，-2:停售"},
	  {"name": "pic", "type": "byte[]"},
	  {"name": "pics", "type": "byte[][]"}],
	 "responseParams": [{"name": "state", "type": "byte"}]}`
	api, _, err := Parse("doc.json", []byte(doc))
	require.NoError(t, err)
	var got []string
	for _, f := range append(api.Request, api.Response...) {
		got = append(got, f.Name+" "+model.TypeString(f))
	}
	assert.Equal(t, []string{"status byte", "pic byte[]", "pics byte[][]", "state byte"}, got)
	assert.Equal(t, model.KindNumber, model.KindOf(api.Request[0]))
	assert.Equal(t, model.KindFile, model.KindOf(api.Request[1]))
	assert.Equal(t, model.KindFile, model.KindOf(api.Request[2]))
	assert.True(t, api.Request[2].List)
	assert.Equal(t, model.KindNumber, model.KindOf(api.Response[0]))
}
