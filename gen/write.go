package gen

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/topgen/topgen/internal/atomicfile"
)

// Report says what Write did (or, with check, would do). Paths are
// slash-separated and relative to the root.
type Report struct {
	Written   []string // files created or changed
	Removed   []string // stale generated files removed
	Unchanged []string // files already up to date
}

// String summarises the report as counts.
func (r Report) String() string {
	return fmt.Sprintf("%d written, %d removed, %d unchanged", len(r.Written), len(r.Removed), len(r.Unchanged))
}

// CheckError is returned by Write in check mode when the tree is out of date.
type CheckError struct {
	Report Report
	Diff   string // what differs: one section per added, changed or removed file
}

// Error summarises the report and includes the diff.
func (e *CheckError) Error() string {
	return "generated files are out of date (" + e.Report.String() + "):\n" + e.Diff
}

// Write makes the tree under root hold files. Only files whose bytes
// changed are written, each through a temporary file in its folder and a
// rename; all temporary files are written before any is renamed, so a
// failure leaves the earlier output intact. Then *.go files in the managed
// folders (relative to root, non-recursive) that are not in files are
// removed if they start with Header — hand-written files never are — and a
// managed folder left empty is removed. With
// check, nothing is written and a *CheckError carrying a diff is returned
// when anything is out of date.
func Write(root string, files []File, managed []string, check bool) (Report, error) {
	var rep Report
	want := map[string]bool{}
	type pending struct{ tmp, dst, rel string }
	var todo []pending
	var diff strings.Builder
	cleanup := func() {
		for _, p := range todo {
			os.Remove(p.tmp)
		}
	}
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if err := checkRel(f.Path); err != nil {
			return rep, err
		}
		if want[f.Path] {
			return rep, fmt.Errorf("gen: file %s given twice", f.Path)
		}
		want[f.Path] = true
	}
	// Compare with the tree and write the temporary files on all cores:
	// file creation dominates the run on slow file systems.
	type outcome struct {
		old       []byte
		exists    bool
		unchanged bool
		tmp       string
		err       error
	}
	outs := make([]outcome, len(sorted))
	if !check {
		if err := removeTemps(root, managed); err != nil {
			return rep, err
		}
		made := map[string]bool{}
		for _, f := range sorted {
			dir := filepath.Dir(filepath.Join(root, filepath.FromSlash(f.Path)))
			if !made[dir] {
				made[dir] = true
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return rep, err
				}
			}
		}
	}
	_ = parallel(len(sorted), func(i int) error {
		f, o := sorted[i], &outs[i]
		dst := filepath.Join(root, filepath.FromSlash(f.Path))
		old, err := os.ReadFile(dst)
		switch {
		case err == nil:
			o.old, o.exists, o.unchanged = old, true, bytes.Equal(old, f.Content)
		case !os.IsNotExist(err):
			o.err = err
			return nil
		}
		if !o.unchanged && !check {
			o.tmp, o.err = writeTemp(dst, f.Content)
		}
		return nil
	})
	var firstErr error
	for i, f := range sorted {
		o := outs[i]
		if o.tmp != "" {
			todo = append(todo, pending{o.tmp, filepath.Join(root, filepath.FromSlash(f.Path)), f.Path})
		}
		switch {
		case o.err != nil:
			if firstErr == nil {
				firstErr = o.err
			}
		case o.unchanged:
			rep.Unchanged = append(rep.Unchanged, f.Path)
		default:
			if o.exists {
				writeDiff(&diff, f.Path, o.old, f.Content)
			} else {
				fmt.Fprintf(&diff, "+++ %s (new file, %d lines)\n", f.Path, bytes.Count(f.Content, []byte("\n")))
			}
			rep.Written = append(rep.Written, f.Path)
		}
	}
	if firstErr != nil {
		cleanup()
		return rep, firstErr
	}
	stale, err := staleFiles(root, managed, want)
	if err != nil {
		cleanup()
		return rep, err
	}
	for _, rel := range stale {
		fmt.Fprintf(&diff, "--- %s (stale generated file)\n", rel)
	}
	rep.Removed = stale
	if check {
		if len(rep.Written) > 0 || len(rep.Removed) > 0 {
			return rep, &CheckError{Report: rep, Diff: diff.String()}
		}
		return rep, nil
	}
	for i, p := range todo {
		if err := os.Rename(p.tmp, p.dst); err != nil {
			for _, q := range todo[i:] {
				os.Remove(q.tmp)
			}
			return rep, targetError(p.dst, err)
		}
	}
	for _, rel := range stale {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(rel))); err != nil && !os.IsNotExist(err) {
			return rep, err
		}
	}
	for _, dir := range managed {
		// Drop a managed folder that removing stale files emptied.
		if d := filepath.Join(root, filepath.FromSlash(dir)); dir != "" && dir != "." {
			if es, err := os.ReadDir(d); err == nil && len(es) == 0 {
				os.Remove(d)
			}
		}
	}
	return rep, nil
}

// checkRel rejects paths that are not clean, relative and inside the root.
func checkRel(p string) error {
	if p == "" || path.IsAbs(p) || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "\\") {
		return fmt.Errorf("gen: bad output path %q: want a clean slash-separated path inside the root", p)
	}
	return nil
}

// writeTemp writes content to a new temporary file beside dst, in a
// folder that already exists.
func writeTemp(dst string, content []byte) (string, error) {
	tmp, err := atomicfile.WriteTemp(dst, content)
	if err != nil {
		return "", targetError(dst, err)
	}
	return tmp, nil
}

// staleFiles lists the generated *.go files in the managed folders that are not wanted.
func staleFiles(root string, managed []string, want map[string]bool) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, dir := range managed {
		dir = path.Clean(filepath.ToSlash(dir))
		if dir != "." {
			if err := checkRel(dir); err != nil {
				return nil, err
			}
		}
		if seen[dir] {
			continue
		}
		seen[dir] = true
		es, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			rel := path.Join(dir, e.Name())
			if want[rel] {
				continue
			}
			gen, err := startsWithHeader(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				return nil, err
			}
			if gen {
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// startsWithHeader reads just enough of a file to tell whether it is generated.
func startsWithHeader(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	buf := make([]byte, len(Header)+2)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return false, err
	}
	return IsGenerated(buf[:n]), nil
}

// writeDiff describes a changed file: its path and the first differing lines.
func writeDiff(w *strings.Builder, name string, old, new []byte) {
	a := strings.Split(string(old), "\n")
	b := strings.Split(string(new), "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	fmt.Fprintf(w, "--- a/%s\n+++ b/%s\n@@ line %d @@\n", name, name, i+1)
	const context = 3
	for j := i; j < len(a) && j < i+context; j++ {
		fmt.Fprintf(w, "-%s\n", a[j])
	}
	for j := i; j < len(b) && j < i+context; j++ {
		fmt.Fprintf(w, "+%s\n", b[j])
	}
}

// removeTemps removes the temporary files (".NAME.PID.topgen-tmp") that
// killed runs left in the managed folders; this run's own have another
// PID and are made later.
func removeTemps(root string, managed []string) error {
	for _, dir := range managed {
		d := filepath.Join(root, filepath.FromSlash(dir))
		es, err := os.ReadDir(d)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range es {
			n := e.Name()
			if e.Type().IsRegular() && atomicfile.IsTemp(n) && !atomicfile.IsOwnTemp(n) {
				if err := os.Remove(filepath.Join(d, n)); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
		}
	}
	return nil
}

// targetError names the file being written, not the temporary file an
// *os.PathError or *os.LinkError carries.
func targetError(dst string, err error) error {
	return fmt.Errorf("writing %s: %w", dst, atomicfile.Cause(err))
}
