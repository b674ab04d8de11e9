package generated_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGeneratedPackagesCompileOnlyTheirOwnCode: a generated package's
// object holds its own functions and instances of top's own generic
// helpers, nothing else. Once a runtime type that generated code names
// reached generic standard-library code — Client held a sync.Map and a
// sync.Pool, a cache method took a reflect.Type — every generated package
// compiled that code again: about 200 functions each, over half the compile
// time of the corpus SDK's generated code.
func TestGeneratedPackagesCompileOnlyTheirOwnCode(t *testing.T) {
	dir := t.TempDir()
	for _, pkg := range []string{"nlife", "damai", "diantao"} {
		path := "github.com/topgen/topgen/generated/" + pkg
		archive := filepath.Join(dir, pkg+".a")
		out, err := exec.Command("go", "build", "-o", archive, path).CombinedOutput()
		require.NoError(t, err, "%s", out)
		out, err = exec.Command("go", "tool", "nm", archive).CombinedOutput()
		require.NoError(t, err, "%s", out)
		own := 0
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.SplitN(strings.TrimSpace(line), " ", 3) // address, kind, name (may hold spaces)
			if len(f) < 3 || f[1] != "T" {
				continue
			}
			switch name := f[2]; {
			case strings.HasPrefix(name, path+"."):
				own++
			case strings.HasPrefix(name, "github.com/topgen/topgen/top."):
			default:
				t.Errorf("%s compiles %.200s", pkg, name)
			}
		}
		require.NotZero(t, own, "%s: no functions of its own found in\n%s", pkg, out)
	}
}
