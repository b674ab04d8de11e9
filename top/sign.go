package top

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"sync"
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

// IsBlank reports whether s is empty or only whitespace, using Java's
// Character.isWhitespace definition like the official SDK's StringUtils.isEmpty.
// Blank parameter values are neither signed nor sent.
func IsBlank(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isJavaSpaceASCII(c) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isJavaSpace(r) {
			return false
		}
		i += n
	}
	return true
}

func isJavaSpaceASCII(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)
}

// isJavaSpace mirrors java.lang.Character.isWhitespace: Unicode space
// separators except the non-breaking ones, plus the ASCII controls above.
func isJavaSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return isJavaSpaceASCII(byte(r))
	}
	switch r {
	case '\u00a0', '\u2007', '\u202f':
		return false
	case '\u2028', '\u2029':
		return true
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
		prefix uint64
		k, v   string
	}
	var kvArr [32]kv
	kvs := kvArr[:0]
	size := 0
	for k, v := range params {
		if k == "sign" || IsBlank(k) || IsBlank(v) {
			continue
		}
		kvs = append(kvs, kv{keyPrefix(k), k, v})
		size += len(k) + len(v)
	}
	// Insertion sort on the keys' first eight bytes (map keys are unique).
	for i := 1; i < len(kvs); i++ {
		x := kvs[i]
		j := i
		for ; j > 0 && (x.prefix < kvs[j-1].prefix || x.prefix == kvs[j-1].prefix && x.k < kvs[j-1].k); j-- {
			kvs[j] = kvs[j-1]
		}
		kvs[j] = x
	}
	var bufArr [1024]byte
	buf := bufArr[:0]
	if need := size + 2*len(secret) + 64; need > len(bufArr) {
		buf = make([]byte, 0, need)
	}
	buf = signPrefix(buf, secret, method)
	for _, e := range kvs {
		buf = append(buf, e.k...)
		buf = append(buf, e.v...)
	}
	var out [64]byte
	n := finishSign(&out, buf, secret, method)
	return string(out[:n])
}

// signPrefix appends the bytes preceding the message: the secret for md5,
// or the 64-byte HMAC inner padded key block.
func signPrefix(buf []byte, secret string, method SignMethod) []byte {
	switch method {
	case SignHMAC, SignHMACSHA256:
		var key [64]byte
		if len(secret) > 64 {
			if method == SignHMAC {
				s := md5.Sum([]byte(secret))
				copy(key[:], s[:])
			} else {
				s := sha256.Sum256([]byte(secret))
				copy(key[:], s[:])
			}
		} else {
			copy(key[:], secret)
		}
		for i := range key {
			key[i] ^= 0x36
		}
		return append(buf, key[:]...)
	default:
		return append(buf, secret...)
	}
}

const hexUpper = "0123456789ABCDEF"

// finishSign completes the digest over buf (prefix + message) and writes
// the upper-case hex into out, returning its length.
func finishSign(out *[64]byte, buf []byte, secret string, method SignMethod) int {
	var sum [32]byte
	var n int
	switch method {
	case SignHMAC, SignHMACSHA256:
		// Recover the raw key block from the inner pad.
		var outer [64 + 32]byte
		for i := 0; i < 64; i++ {
			outer[i] = buf[i] ^ 0x36 ^ 0x5c
		}
		if method == SignHMAC {
			inner := md5.Sum(buf)
			copy(outer[64:], inner[:])
			s := md5.Sum(outer[:64+md5.Size])
			n = copy(sum[:], s[:])
		} else {
			inner := sha256.Sum256(buf)
			copy(outer[64:], inner[:])
			s := sha256.Sum256(outer[:64+sha256.Size])
			n = copy(sum[:], s[:])
		}
	default:
		buf = append(buf, secret...)
		s := md5.Sum(buf)
		n = copy(sum[:], s[:])
	}
	for i := 0; i < n; i++ {
		out[2*i] = hexUpper[sum[i]>>4]
		out[2*i+1] = hexUpper[sum[i]&0x0f]
	}
	return 2 * n
}

// param is one request parameter. Non-string values live in the owning
// Params's arena (arena[off:end]) so that encoding does not allocate.
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
// methods add the request's parameters to it. order holds the indexes of
// ps sorted by key (sorting indexes avoids moving pointer-bearing
// structs).
type Params struct {
	ps    []param
	order []int
	arena []byte
	buf   []byte
	jbuf  bytes.Buffer  // JSON encoding scratch
	enc   *json.Encoder // writes to jbuf
	fbuf  []byte        // form body scratch
	opts  callOptions   // options of the call
	encs  *sync.Map     // the client's JSON encoders: reflect.Type -> *jsonEnc
	err   error         // first encoding error
}

func (s *Params) reset() {
	clear(s.ps)
	s.ps = s.ps[:0]
	s.order = s.order[:0]
	s.arena = s.arena[:0]
	s.buf = s.buf[:0]
	s.jbuf.Reset()
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

func (s *Params) appendValue(b []byte, p *param) []byte {
	if p.inArena {
		return append(b, s.arena[p.off:p.end]...)
	}
	return append(b, p.str...)
}

// addString adds a string parameter unless it is blank.
func (s *Params) addString(key, v string) {
	if IsBlank(v) {
		return
	}
	s.ps = append(s.ps, param{key: key, str: v})
}

// sysString adds a system parameter (sent in the URL query) unless blank.
func (s *Params) sysString(key, v string) {
	if IsBlank(v) {
		return
	}
	s.ps = append(s.ps, param{key: key, str: v, sys: true})
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
	if f == nil {
		return
	}
	s.ps = append(s.ps, param{key: key, file: f})
}

func isBlankBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return IsBlank(string(b))
		}
		if !isJavaSpaceASCII(c) {
			return false
		}
	}
	return true
}

// duplicate returns a text key that is set twice (after sort), e.g. by a
// WithParam that overlaps a system or request parameter. File parts may
// repeat a key: a list of files is sent that way.
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
	order := s.order[:0]
	for i := range ps {
		order = append(order, i)
	}
	s.order = order
	// Stable: the file parts of one list keep their order.
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(ps[a].key, ps[b].key) })
}

// keyPrefix returns the first eight bytes of k big-endian, zero-padded:
// keys whose prefixes differ compare like their prefixes.
func keyPrefix(k string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(k) {
			p |= uint64(k[i])
		}
	}
	return p
}

// sign signs the non-file parameters in key order (call sort first).
func (s *Params) sign(secret string, method SignMethod) string {
	var out [64]byte
	return string(out[:s.signTo(&out, secret, method)])
}

// signTo writes the signature into out and returns its length.
func (s *Params) signTo(out *[64]byte, secret string, method SignMethod) int {
	buf := signPrefix(s.buf[:0], secret, method)
	for _, i := range s.order {
		p := &s.ps[i]
		if p.file != nil || p.key == "sign" {
			continue
		}
		buf = append(buf, p.key...)
		buf = s.appendValue(buf, p)
	}
	n := finishSign(out, buf, secret, method)
	if cap(buf) > cap(s.buf) {
		s.buf = buf[:0]
	}
	return n
}
