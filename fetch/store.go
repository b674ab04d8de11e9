package fetch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CategoryFile is the file beside a category's docs that records its id and
// name (the shape of the corpus's catelog.json). The folder's name is kept
// in "pkg".
const CategoryFile = "catelog.json"

// StateFile is the journal of an unfinished run, in the output folder.
// A run that completes removes it.
const StateFile = ".topgen-fetch.state"

// stateMaxAge is how long an interrupted run's journal is trusted.
const stateMaxAge = 24 * time.Hour

// categoryRecord is the content of CategoryFile.
type categoryRecord struct {
	Name string `json:"name"`
	Pkg  string `json:"pkg"`
	ID   int64  `json:"id"`
}

// store is the output folder.
type store struct {
	dir      string
	folders  map[int64]string  // category id → folder, as found on disk
	recorded []string          // folders holding a CategoryFile, sorted
	docs     map[string]string // folder/method → path, as found on disk
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]*$`)

// openStore reads what an earlier run left in dir (which may not exist).
func openStore(dir string) (*store, error) {
	s := &store{dir: dir, folders: map[int64]string{}, docs: map[string]string{}}
	cats, err := filepath.Glob(filepath.Join(dir, "*", CategoryFile))
	if err != nil {
		return nil, err
	}
	sort.Strings(cats)
	for _, c := range cats {
		data, err := os.ReadFile(c)
		if err != nil {
			return nil, err
		}
		var rec categoryRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, fmt.Errorf("%s: %v: want {\"name\",\"pkg\",\"id\"}", c, err)
		}
		folder := filepath.Base(filepath.Dir(c))
		s.recorded = append(s.recorded, folder)
		if _, ok := s.folders[rec.ID]; !ok { // a category moved by -folder: the first folder stands
			s.folders[rec.ID] = folder
		}
		files, err := filepath.Glob(filepath.Join(dir, folder, "*.json"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if filepath.Base(f) == CategoryFile {
				continue
			}
			s.docs[folder+"/"+strings.TrimSuffix(filepath.Base(f), ".json")] = f
		}
	}
	return s, nil
}

// folderOf picks a category's folder: the mapping given, else the folder an
// earlier run recorded, else cat<id>.
func (s *store) folderOf(cat *category, mapping map[int64]string) string {
	if f, ok := mapping[cat.ID]; ok {
		return f
	}
	if f, ok := s.folders[cat.ID]; ok {
		return f
	}
	return "cat" + strconv.FormatInt(cat.ID, 10)
}

// formatDoc renders a data object for a readable diff: two-space indent,
// the site's key order, a final newline.
func formatDoc(data json.RawMessage) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// writeIfChanged writes data to path atomically unless it already holds
// exactly data. It reports whether the file existed and whether it was written.
func writeIfChanged(path string, data []byte) (existed, written bool, err error) {
	old, err := os.ReadFile(path)
	switch {
	case err == nil:
		if bytes.Equal(old, data) {
			return true, false, nil
		}
		existed = true
	case !errors.Is(err, fs.ErrNotExist):
		return false, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return existed, false, err
	}
	return existed, true, writeAtomic(path, data)
}

// writeAtomic writes through a temporary file in the same folder and a rename.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return werr
	}
	return nil
}

// journal records the docs an unfinished run has stored, so that a run
// started again after a kill skips them.
type journal struct {
	path string
	done map[int64]string // docId → sha256 of the stored file
	f    *os.File
}

// openJournal reads an interrupted run's journal, if fresh enough.
func openJournal(dir string, now time.Time) *journal {
	j := &journal{path: filepath.Join(dir, StateFile), done: map[int64]string{}}
	f, err := os.Open(j.path)
	if err != nil {
		return j
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if first {
			first = false
			if len(fields) != 2 || fields[0] != "run" {
				return j
			}
			start, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || now.Sub(time.Unix(start, 0)) > stateMaxAge {
				return j
			}
			continue
		}
		if len(fields) != 2 {
			continue // a line cut by a kill
		}
		if id, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
			j.done[id] = fields[1]
		}
	}
	return j
}

// record appends a stored doc, creating the journal on first use.
func (j *journal) record(id int64, data []byte, now time.Time) error {
	if j.f == nil {
		if err := os.MkdirAll(filepath.Dir(j.path), 0o755); err != nil {
			return err
		}
		fresh := len(j.done) == 0
		flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
		if fresh {
			flags |= os.O_TRUNC
		}
		f, err := os.OpenFile(j.path, flags, 0o644)
		if err != nil {
			return err
		}
		j.f = f
		if fresh {
			if _, err := fmt.Fprintf(f, "run %d\n", now.Unix()); err != nil {
				return err
			}
		}
	}
	sum := sha256.Sum256(data)
	j.done[id] = hex.EncodeToString(sum[:])
	_, err := fmt.Fprintf(j.f, "%d %s\n", id, j.done[id])
	return err
}

// skip reports whether the interrupted run stored doc id and the file still holds it.
func (j *journal) skip(id int64, path string) bool {
	want, ok := j.done[id]
	if !ok {
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) == want
}

// close ends the journal; finished removes it (the run completed).
func (j *journal) close(finished bool) error {
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
	if finished {
		if err := os.Remove(j.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// removeOrphan removes the category record of a folder that no category
// uses any more, and the folder, once no doc is left in it. It reports
// whether it did.
func removeOrphan(dir, folder string) (bool, error) {
	files, err := os.ReadDir(filepath.Join(dir, folder))
	if err != nil {
		return false, err
	}
	for _, f := range files {
		if f.Name() != CategoryFile {
			return false, nil
		}
	}
	if err := os.Remove(filepath.Join(dir, folder, CategoryFile)); err != nil {
		return false, err
	}
	return true, os.Remove(filepath.Join(dir, folder))
}

// isDocOf reports whether the file at path is a fetched doc of method (its
// "name"), so that a file topgen did not write is never reported or pruned.
func isDocOf(path, method string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var head struct {
		Name string `json:"name"`
	}
	return json.Unmarshal(data, &head) == nil && head.Name == method
}
