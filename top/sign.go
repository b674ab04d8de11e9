package top

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SignMethod is the value of the sign_method system parameter.
type SignMethod string

// Supported signature methods.
const (
	SignMD5        SignMethod = "md5"         // MD5(secret + s + secret)
	SignHMAC       SignMethod = "hmac"        // HMAC-MD5(secret, s)
	SignHMACSHA256 SignMethod = "hmac-sha256" // HMAC-SHA256(secret, s)
)

// IsBlank reports whether s is empty or only Java whitespace (see
// isJavaSpace), like the official SDK's StringUtils.isEmpty: blank
// parameter values are neither signed nor sent.
func IsBlank(s string) bool {
	for _, r := range s {
		if ' ' < r && r < utf8.RuneSelf || !isJavaSpace(r) {
			return false
		}
	}
	return true
}

func isBlankBytes(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if ' ' < r && r < utf8.RuneSelf || !isJavaSpace(r) {
			return false
		}
		b = b[n:]
	}
	return true
}

// isJavaSpace mirrors java.lang.Character.isWhitespace: Unicode space
// separators except the non-breaking ones, and the ASCII controls
// \t-\r and 0x1c-0x1f.
func isJavaSpace(r rune) bool {
	switch {
	case r == ' ', '\t' <= r && r <= '\r', 0x1c <= r && r <= 0x1f, r == '\u2028', r == '\u2029':
		return true
	case r < utf8.RuneSelf, r == '\u00a0', r == '\u2007', r == '\u202f':
		return false
	}
	return unicode.Is(unicode.Zs, r)
}

// Sign computes the TOP signature of params exactly like the official Java
// SDK: parameters named "sign" and those with blank values are skipped, the
// remaining keys are sorted in byte order and concatenated as
// key1value1key2value2…; the digest (see SignMethod) is returned as
// upper-case hex. Unknown methods sign with md5.
func Sign(params map[string]string, secret string, method SignMethod) string {
	type kv struct {
		prefix uint64 // the key's first eight bytes, big-endian, zero-padded
		k, v   string
	}
	var kvArr [32]kv
	kvs := kvArr[:0]
	size := 2*len(secret) + 64
	for k, v := range params {
		if k != "sign" && !IsBlank(k) && !IsBlank(v) {
			var p [8]byte
			copy(p[:], k)
			kvs = append(kvs, kv{binary.BigEndian.Uint64(p[:]), k, v})
			size += len(k) + len(v)
		}
	}
	// Insertion sort, on the prefixes first (map keys are unique).
	for i := 1; i < len(kvs); i++ {
		x, j := kvs[i], i
		for ; j > 0 && (x.prefix < kvs[j-1].prefix || x.prefix == kvs[j-1].prefix && x.k < kvs[j-1].k); j-- {
			kvs[j] = kvs[j-1]
		}
		kvs[j] = x
	}
	var bufArr [1024]byte
	buf := signPrefix(slices.Grow(bufArr[:0], size), secret, method)
	for _, e := range kvs {
		buf = append(append(buf, e.k...), e.v...)
	}
	var out [64]byte
	return string(out[:finishSign(&out, buf, secret, method)])
}

// signPrefix appends the bytes preceding the message: the secret for md5,
// or the 64-byte HMAC inner padded key block.
func signPrefix(buf []byte, secret string, method SignMethod) []byte {
	if method != SignHMAC && method != SignHMACSHA256 {
		return append(buf, secret...)
	}
	var key [64]byte
	if len(secret) > 64 {
		d, n := digest(method, []byte(secret))
		copy(key[:], d[:n])
	} else {
		copy(key[:], secret)
	}
	for i := range key {
		key[i] ^= 0x36
	}
	return append(buf, key[:]...)
}

// digest returns the hash of b of the method's HMAC (md5 for md5) and its size.
func digest(method SignMethod, b []byte) (sum [32]byte, n int) {
	if method == SignHMACSHA256 {
		return sha256.Sum256(b), sha256.Size
	}
	s := md5.Sum(b)
	copy(sum[:], s[:])
	return sum, md5.Size
}

const hexUpper = "0123456789ABCDEF"

// finishSign completes the digest over buf (prefix + message) and writes
// the upper-case hex into out, returning its length.
func finishSign(out *[64]byte, buf []byte, secret string, method SignMethod) int {
	var sum [32]byte
	var n int
	if method == SignHMAC || method == SignHMACSHA256 {
		var outer [64 + 32]byte // the outer padded key (from the inner one), then the inner digest
		for i := range 64 {
			outer[i] = buf[i] ^ 0x36 ^ 0x5c
		}
		sum, n = digest(method, buf)
		sum, n = digest(method, append(outer[:64], sum[:n]...))
	} else {
		sum, n = digest(method, append(buf, secret...))
	}
	for i, c := range sum[:n] {
		out[2*i], out[2*i+1] = hexUpper[c>>4], hexUpper[c&0x0f]
	}
	return 2 * n
}

// param is one request parameter; a non-string value is in the Params's
// arena (arena[off:end]) so that encoding does not allocate.
type param struct {
	key     string
	str     string
	off     int
	end     int
	inArena bool
	sys     bool // a system parameter: sent in the URL query
	file    *File
}

// Params collects the parameters of one call: generated EncodeParams
// methods add the request's parameters to it.
type Params struct {
	ps    []param
	order []int // the indexes of ps sorted by key
	arena []byte
	buf   []byte
	fbuf  []byte      // form body scratch
	opts  callOptions // options of the call
	encs  *typeCache  // the client's JSON encoders
	err   error       // first encoding error
}

func (s *Params) reset() {
	clear(s.ps)
	s.ps = s.ps[:0]
	s.order = s.order[:0]
	s.arena = s.arena[:0]
	s.buf = s.buf[:0]
	s.fbuf = s.fbuf[:0]
	clear(s.opts.extra)
	s.opts = callOptions{extra: s.opts.extra[:0]}
	s.err = nil
}

func (s *Params) value(p *param) string {
	if p.inArena {
		return string(s.arena[p.off:p.end])
	}
	return p.str
}

// addString adds a string parameter unless it is blank.
func (s *Params) addString(key, v string) {
	if !IsBlank(v) {
		s.ps = append(s.ps, param{key: key, str: v})
	}
}

// sysString adds a system parameter (sent in the URL query) unless blank.
func (s *Params) sysString(key, v string) {
	if !IsBlank(v) {
		s.ps = append(s.ps, param{key: key, str: v, sys: true})
	}
}

// retime rewrites the timestamp written at arena[off:] with t, for a
// retry (the layout has a fixed width).
func (s *Params) retime(off int, t time.Time) {
	var b [32]byte
	if ts := appendTime(b[:0], t); off+len(ts) <= len(s.arena) {
		copy(s.arena[off:], ts)
	}
}

// addArena adds the arena bytes written since start, unless they are blank.
func (s *Params) addArena(key string, start int) {
	if isBlankBytes(s.arena[start:]) {
		s.arena = s.arena[:start]
		return
	}
	s.ps = append(s.ps, param{key: key, off: start, end: len(s.arena), inArena: true})
}

func (s *Params) addFile(key string, f *File) {
	if f != nil {
		s.ps = append(s.ps, param{key: key, file: f})
	}
}

// duplicate returns a text key set twice (after sort), e.g. by WithParam.
// File parts may repeat a key: a list of files is sent that way.
func (s *Params) duplicate() (string, bool) {
	for i := 1; i < len(s.order); i++ {
		a, b := &s.ps[s.order[i-1]], &s.ps[s.order[i]]
		if a.key == b.key && a.file == nil && b.file == nil {
			return b.key, true
		}
	}
	return "", false
}

// sort fills order with the parameter indexes sorted by key (byte order).
func (s *Params) sort() {
	ps := s.ps
	s.order = s.order[:0]
	for i := range ps {
		s.order = append(s.order, i)
	}
	// Stable: the file parts of one list keep their order.
	slices.SortStableFunc(s.order, func(a, b int) int { return strings.Compare(ps[a].key, ps[b].key) })
}

// signTo writes the signature of the non-file parameters, in key order
// (call sort first), into out and returns its length.
func (s *Params) signTo(out *[64]byte, secret string, method SignMethod) int {
	buf := signPrefix(s.buf[:0], secret, method)
	for _, i := range s.order {
		if p := &s.ps[i]; p.file == nil && p.key != "sign" {
			buf = append(buf, p.key...)
			if p.inArena {
				buf = append(buf, s.arena[p.off:p.end]...)
			} else {
				buf = append(buf, p.str...)
			}
		}
	}
	n := finishSign(out, buf, secret, method)
	if cap(buf) > cap(s.buf) {
		s.buf = buf[:0]
	}
	return n
}
