// Package schema_test checks the JSON Schemas editors validate topgen.yaml
// and the models with against the Go types that load them.
package schema_test

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/config"
	"github.com/topgen/topgen/model"
)

type schema struct {
	ID         string             `json:"$id"`
	Properties map[string]*schema `json:"properties"`
	Defs       map[string]*schema `json:"$defs"`
	AddlProps  *bool              `json:"additionalProperties"`
	Enum       []string           `json:"enum"`
}

func load(t *testing.T, name string) *schema {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	var s schema
	require.NoError(t, json.Unmarshal(data, &s))
	return &s
}

// yamlKeys lists the YAML keys of a struct type.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]*schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Every key the loaders accept is in the schema and nothing else, and
// unknown keys are refused, as the strict loaders do.
func TestSchemasMatchTheLoaders(t *testing.T) {
	m := load(t, "model.schema.json")
	assert.Equal(t, yamlKeys(reflect.TypeOf(model.API{})), keys(m.Properties))
	assert.Equal(t, yamlKeys(reflect.TypeOf(model.Field{})), keys(m.Defs["field"].Properties))
	assert.Equal(t, yamlKeys(reflect.TypeOf(model.Source{})), keys(m.Properties["source"].Properties))
	assert.False(t, *m.AddlProps)
	assert.False(t, *m.Defs["field"].AddlProps)

	c := load(t, "topgen.schema.json")
	assert.Equal(t, yamlKeys(reflect.TypeOf(config.Config{})), keys(c.Properties))
	assert.False(t, *c.AddlProps)
	assert.ElementsMatch(t, []string{"dir", "method", "one"}, c.Properties["group"].Enum)
	assert.Equal(t, yamlKeys(reflect.TypeOf(config.Fetch{})), keys(c.Properties["fetch"].Properties))
	assert.False(t, *c.Properties["fetch"].AddlProps)
}

// The files reference the schemas by the $id the schemas declare.
func TestSchemaLinesPointAtTheSchemas(t *testing.T) {
	assert.Contains(t, model.SchemaLine, "$schema="+load(t, "model.schema.json").ID+"\n")
	assert.Contains(t, string(config.Starter()), "$schema="+load(t, "topgen.schema.json").ID+"\n")
	for _, f := range []string{"../specs/alibaba.nlife.b2c.trade.pay.yaml"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(data), model.SchemaLine), f)
	}
}
