// Package atomicfile writes a file through a temporary file beside it and
// a rename, so that a failed or killed run never leaves a half-written
// file, and names the temporaries so that a later run can find the ones a
// killed run left. Errors carry the cause, never the temporary's name:
// callers name the file they were writing.
package atomicfile

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// suffix ends every temporary file name: ".NAME.PID.topgen-tmp".
const suffix = ".topgen-tmp"

// TempName is this process's temporary file for dst, in dst's folder.
func TempName(dst string) string {
	return filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+"."+strconv.Itoa(os.Getpid())+suffix)
}

// IsTemp reports whether a base name is a temporary file of some run.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, suffix)
}

// IsOwnTemp reports whether a base name is a temporary file of this process.
func IsOwnTemp(name string) bool {
	return IsTemp(name) && strings.HasSuffix(name, "."+strconv.Itoa(os.Getpid())+suffix)
}

// WriteTemp writes content to a new TempName(dst), mode 0644, in a folder
// that exists, and returns its path; the caller renames or removes it.
func WriteTemp(dst string, content []byte) (string, error) {
	tmp := TempName(dst)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", Cause(err)
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", Cause(err)
	}
	return tmp, nil
}

// Write writes content to dst through a temporary file and a rename,
// creating dst's folder. A dst that already holds content is left alone;
// changed reports whether dst was written.
func Write(dst string, content []byte) (changed bool, err error) {
	if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, content) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	os.Remove(TempName(dst)) // left by a killed process with our PID
	tmp, err := WriteTemp(dst, content)
	if err != nil {
		return false, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return false, Cause(err)
	}
	return true, nil
}

// Cause drops the file names of an *os.PathError or *os.LinkError (whose
// file is a temporary one), keeping the cause.
func Cause(err error) error {
	switch e := err.(type) {
	case *os.PathError:
		return e.Err
	case *os.LinkError:
		return e.Err
	}
	return err
}
