package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// TestSessionNeed: a required session makes the client refuse calls without
// one; an optional one is documented and sent when given (the runtime sends
// any session passed), never enforced.
func TestSessionNeed(t *testing.T) {
	for need, want := range map[model.SessionNeed][2]string{
		model.SessionRequired: {`top.Call{Method: "taobao.s.get", Session: true}`, "It needs a user session: pass top.WithSession."},
		model.SessionOptional: {`top.Call{Method: "taobao.s.get"}`, "It takes an optional user session: pass top.WithSession to act for a user."},
		model.SessionNone:     {`top.Call{Method: "taobao.s.get"}`, ""},
	} {
		a := &model.API{Method: "taobao.s.get", Session: need}
		files, err := Generate([]*model.API{a}, Options{Package: "p"})
		require.NoError(t, err)
		var src string
		for _, f := range files {
			if f.Path == "taobao_s_get_gen.go" {
				src = string(f.Content)
			}
		}
		require.NotEmpty(t, src, "%q", need)
		assert.Contains(t, src, want[0], "%q", need)
		if want[1] != "" {
			assert.Contains(t, src, "// "+want[1], "%q", need)
		} else {
			assert.NotContains(t, src, "user session", "%q", need)
		}
	}
}
