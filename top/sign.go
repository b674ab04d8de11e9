package top

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"hash"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SignMethod is the value of the sign_method system parameter. As in the
// official SDKs, the signature is the upper-case hex digest of the
// parameters that are neither blank nor files, sorted by key (byte order)
// and concatenated as key1value1key2value2….
type SignMethod string

// Supported signature methods.
const (
	SignMD5        SignMethod = "md5"         // MD5(secret + s + secret)
	SignHMAC       SignMethod = "hmac"        // HMAC-MD5(secret, s)
	SignHMACSHA256 SignMethod = "hmac-sha256" // HMAC-SHA256(secret, s)
)

// IsBlank reports whether s is empty or only Java whitespace, like the
// official SDK's StringUtils.isEmpty: blank parameter values are neither
// signed nor sent.
func IsBlank(s string) bool {
	return s == "" || !(' ' < s[0] && s[0] < utf8.RuneSelf) && strings.IndexFunc(s, nonSpace) < 0 // (most start with a letter)
}

// nonSpace reports whether r is not java.lang.Character.isWhitespace:
// Unicode space separators except the non-breaking ones, and the ASCII
// controls \t-\r and 0x1c-0x1f.
func nonSpace(r rune) bool {
	switch {
	case r == ' ', '\t' <= r && r <= '\r', 0x1c <= r && r <= 0x1f, r == '\u2028', r == '\u2029':
		return false
	case r < utf8.RuneSelf, r == '\u00a0', r == '\u2007', r == '\u202f':
		return true
	}
	return !unicode.Is(unicode.Zs, r)
}

// param is one request parameter. Its value is str+arena[off:end]: a text
// in str, or a value encoded into the Params's arena (so that encoding
// does not allocate), the other part empty.
type param struct {
	key  string
	str  string
	off  int
	end  int
	file *File
}

// Params collects the parameters of one call: generated EncodeParams
// methods add the request's parameters to it.
type Params struct {
	ps    []param
	order []int // the indexes of ps sorted by key
	nsys  int   // ps[:nsys] are the system parameters, sent in the URL query
	arena []byte
	buf   []byte
	opts  callOptions // options of the call
	encs  *typeCache  // the client's JSON encoders
	err   error       // first encoding error

	mac    hash.Hash // the HMAC of macFor and macKey, reused
	macFor SignMethod
	macKey string
	macSum []byte
}

func (s *Params) reset() {
	clear(s.ps) // an idle Params keeps no strings alive
	clear(s.opts.extra)
	s.ps, s.order, s.arena, s.buf = s.ps[:0], s.order[:0], s.arena[:0], s.buf[:0]
	s.opts, s.err, s.nsys = callOptions{extra: s.opts.extra[:0]}, nil, 0
}

// addArena adds the arena bytes written since start, unless they are blank.
func (s *Params) addArena(key string, start int) {
	if b := s.arena[start:]; len(b) == 0 || !(' ' < b[0] && b[0] < utf8.RuneSelf) && bytes.IndexFunc(b, nonSpace) < 0 {
		s.arena = s.arena[:start]
		return
	}
	s.ps = append(s.ps, param{key: key, off: start, end: len(s.arena)})
}

// sort fills order with the parameter indexes sorted by key (byte order),
// stably: the file parts of one list keep their order. A call adds two
// sorted runs (the system parameters, then a generated request's): they
// are merged first, which leaves the sort a single pass. It returns a key
// set twice, if any (e.g. by WithParam); only file parts may repeat a key:
// a list of files is sent that way.
func (s *Params) sort() (dup string, ok bool) {
	ps := s.ps
	m := 1 // the first run is ps[:m]
	for m < len(ps) && ps[m-1].key <= ps[m].key {
		m++
	}
	s.order = s.order[:0]
	for i, j := 0, m; len(s.order) < len(ps); {
		if j < len(ps) && (i == m || ps[j].key < ps[i].key) {
			s.order, j = append(s.order, j), j+1
		} else {
			s.order, i = append(s.order, i), i+1
		}
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return strings.Compare(ps[a].key, ps[b].key) })
	for i := 1; i < len(s.order); i++ {
		if a, b := &ps[s.order[i-1]], &ps[s.order[i]]; a.key == b.key && (a.file == nil || b.file == nil) {
			return b.key, true
		}
	}
	return "", false
}

// signTo writes the signature of the non-file parameters, in key order
// (call sort first), into out and returns its length.
func (s *Params) signTo(out *[64]byte, secret string, method SignMethod) int {
	hmacKey := method == SignHMAC || method == SignHMACSHA256
	buf := s.buf[:0]
	if !hmacKey {
		buf = append(buf, secret...)
	}
	for _, i := range s.order {
		if p := &s.ps[i]; p.file == nil && p.key != "sign" {
			buf = append(append(append(buf, p.key...), p.str...), s.arena[p.off:p.end]...)
		}
	}
	var sum []byte
	switch {
	case hmacKey:
		if s.macFor != method || s.macKey != secret {
			newHash := md5.New
			if method == SignHMACSHA256 {
				newHash = sha256.New
			}
			s.mac, s.macFor, s.macKey = hmac.New(newHash, []byte(secret)), method, secret
		}
		s.mac.Reset()
		s.mac.Write(buf)
		s.macSum = s.mac.Sum(s.macSum[:0])
		sum = s.macSum
	default:
		d := md5.Sum(append(buf, secret...))
		sum = d[:]
	}
	if cap(buf) > cap(s.buf) {
		s.buf = buf[:0]
	}
	for i, c := range sum {
		out[2*i], out[2*i+1] = "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&0x0f]
	}
	return 2 * len(sum)
}
