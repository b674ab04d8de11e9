package parser

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// toUTF8 returns a page's text as UTF-8, converting UTF-8 with a byte
// order mark, UTF-16 (with a BOM, or recognised by its NUL bytes) and
// GB18030 (a superset of GBK and GB2312, as Chinese Windows saves pages).
// It returns the encoding's name ("" for plain UTF-8), or a Problem when
// the bytes are none of these, or already hold the replacement character
// U+FFFD (text garbled by an earlier conversion): mojibake is never
// written silently.
func toUTF8(file string, data []byte) ([]byte, string, *Problem) {
	refuse := func(line int, msg string) ([]byte, string, *Problem) {
		return nil, "", &Problem{File: file, Line: line, Msg: msg}
	}
	var (
		enc  encoding.Encoding
		name string
	)
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16"
	case utf16NUL(data, 1):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
	case utf16NUL(data, 0):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
	case !utf8.Valid(data):
		enc, name = simplifiedchinese.GB18030, "GB18030"
	}
	if enc != nil {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			line := 1
			if name == "GB18030" {
				line = badUTF8Line(data)
			}
			return refuse(line, "the page is neither UTF-8, UTF-16 nor GBK/GB18030 text; save it as UTF-8")
		}
		data = out
	}
	if i := bytes.IndexRune(data, utf8.RuneError); i >= 0 {
		return refuse(1+bytes.Count(data[:i], []byte("\n")),
			"the page holds the replacement character U+FFFD (text garbled by a wrong conversion); save the page again from the source as UTF-8")
	}
	return data, name, nil
}

// utf16NUL reports whether data looks like BOM-less UTF-16: NUL bytes at
// most positions of parity odd (1 for little endian, 0 for big endian)
// among the first bytes, as ASCII markup and JSON punctuation give.
func utf16NUL(data []byte, odd int) bool {
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return false
	}
	nul := 0
	for i := odd; i < n; i += 2 {
		if data[i] == 0 {
			nul++
		}
	}
	return nul*4 >= n // at least half of the pairs
}

// badUTF8Line is the 1-based line of the first byte that is not UTF-8.
func badUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return 1 + bytes.Count(data[:i], []byte("\n"))
		}
		i += size
	}
	return 1
}
