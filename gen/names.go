package gen

import (
	"fmt"
	"go/token"
	"hash/crc32"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/topgen/topgen/model"
)

// isInitialism reports whether an upper-cased word is written in capitals
// in Go names (golint's list).
func isInitialism(w string) bool {
	switch w {
	case "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP",
		"HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP",
		"SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "UUID", "URI", "URL",
		"UTF8", "VM", "XML", "XMPP", "XSRF", "XSS":
		return true
	}
	return false
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isUpper(c) || isDigit(c) }

// splitWords splits a wire name into words: at every character that is not
// an ASCII letter or digit (those are dropped) and at camelCase boundaries
// ("ownerCode" → owner, Code; "HTTPServer" → HTTP, Server).
func splitWords(s string) []string {
	var words []string
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) {
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		if isUpper(c) {
			p := s[i-1]
			if isLower(p) || isDigit(p) || (isUpper(p) && i+1 < len(s) && isLower(s[i+1])) {
				words = append(words, s[start:i])
				start = i
			}
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// exportWord capitalises a word, or writes it in capitals if it is an initialism.
func exportWord(w string) string {
	if u := strings.ToUpper(w); isInitialism(u) {
		return u
	}
	w = strings.ToLower(w)
	return strings.ToUpper(w[:1]) + w[1:]
}

// exported makes an exported Go identifier from a wire name (snake_case,
// camelCase or dotted), or "" when the name has no ASCII letter or digit.
// A name starting with a digit gets an X prefix.
func exported(s string) string {
	var b strings.Builder
	for _, w := range splitWords(s) {
		b.WriteString(exportWord(w))
	}
	return fixLead(b.String())
}

// fixLead prefixes X to a name that starts with a digit.
func fixLead(s string) string {
	if s != "" && isDigit(s[0]) {
		return "X" + s
	}
	return s
}

// GoName returns the Go name of a TOP method: its parts split at '.', '_'
// and camelCase boundaries, each capitalised, initialisms in capitals
// ("alibaba.nlife.b2c.trade.pay" → "AlibabaNlifeB2cTradePay").
func GoName(method string) string {
	n := exported(method)
	if n == "" {
		return "API"
	}
	return n
}

// typeName sanitises a TOP type name into an exported identifier, keeping
// its own capitals ("TripartitePayNotifyDTO" stays, "cart_goods_vo" →
// "CartGoodsVo"). It never contains an underscore.
func typeName(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r >= utf8.RuneSelf || !isAlnum(byte(r))
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	if b.Len() == 0 {
		return "Object"
	}
	return fixLead(b.String())
}

// GroupOf returns the default package of a method: its second segment,
// sanitised to a Go package name ("alibaba.nlife.b2c.trade.pay" → "nlife";
// "taobao.item.get" → "item").
func GroupOf(method string) string {
	parts := strings.Split(method, ".")
	seg := parts[0]
	if len(parts) > 1 {
		seg = parts[1]
	}
	return SanitizePackage(seg)
}

// SanitizePackage turns s into a Go package name: lower-case ASCII letters
// and digits only; a leading digit gets an x prefix; keywords and "main"
// get a "pkg" suffix; an empty result is "api".
func SanitizePackage(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if isLower(c) || isDigit(c) {
			b.WriteByte(c)
		}
	}
	n := b.String()
	switch {
	case n == "":
		return "api"
	case isDigit(n[0]):
		return "x" + n
	case token.IsKeyword(n) || n == "main":
		return n + "pkg"
	}
	return n
}

// validPackage reports whether s is usable as a generated package name and folder.
func validPackage(s string) bool { return s != "" && SanitizePackage(s) == s }

// fileBase returns the file name of a method's generated file.
func fileBase(method string) string {
	var b strings.Builder
	for i := 0; i < len(method); i++ {
		c := method[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if isLower(c) || isDigit(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String() + "_gen.go"
}

// constSuffix turns an enum value into the last part of a constant name:
// letters and digits of any script and underscores are kept (Go accepts
// them in identifiers), runs of anything else become one underscore, a
// leading '-' becomes "Neg". A value with nothing usable ("+", "/") is
// spelled by its bytes in hex ("X2B"), so the suffix depends on the value alone.
func constSuffix(v string) string {
	v = strings.TrimSpace(v)
	var b strings.Builder
	if strings.HasPrefix(v, "-") {
		b.WriteString("Neg")
		v = v[1:]
	}
	sep := false
	for _, r := range v {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	if b.Len() == 0 {
		return fmt.Sprintf("X%X", v)
	}
	return b.String()
}

// constNames names the constants of an enum alias: <alias>_<suffix> per
// value (see constSuffix). Values whose suffixes collide are named in the
// byte order of the values, the first plainly, the others with 2, 3, …, so
// a name never depends on the order of the values or on their labels.
func constNames(alias string, values []string) []string {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return values[idx[a]] < values[idx[b]] })
	used := map[string]bool{}
	out := make([]string, len(values))
	for _, i := range idx {
		out[i] = uniqueName(used, alias+"_"+constSuffix(values[i]))
	}
	return out
}

// fieldNames returns the Go names of the fields of one struct. A field's
// name comes from its wire name alone (see exported; reserved names get a
// "_" suffix). Distinct wire names whose Go names collide are named in the
// byte order of the wire names, the first plainly, the others with 2, 3, …,
// so reordering fields renames nothing. A repeated wire name's later
// fields get "" (they generate no Go field).
func fieldNames(fs []*model.Field, reserved map[string]bool) []string {
	base := func(f *model.Field) string {
		n := f.GoName // an overlay's choice
		if n == "" {
			n = exported(f.Name)
		}
		if n == "" {
			n = fmt.Sprintf("Field%08X", crc32.ChecksumIEEE([]byte(f.Name)))
		}
		if reserved[n] {
			n += "_"
		}
		return n
	}
	first := map[string]int{} // wire name → index of its first field
	var wires []string
	for i, f := range fs {
		if _, ok := first[f.Name]; !ok {
			first[f.Name] = i
			wires = append(wires, f.Name)
		}
	}
	sort.Strings(wires)
	used := map[string]bool{}
	out := make([]string, len(fs))
	for _, w := range wires {
		out[first[w]] = uniqueName(used, base(fs[first[w]]))
	}
	return out
}

// uniqueName returns base, or base with the smallest suffix 2, 3, … that
// is not in used, and marks the result used.
func uniqueName(used map[string]bool, base string) string {
	n := base
	for i := 2; used[n]; i++ {
		n = base + strconv.Itoa(i)
	}
	used[n] = true
	return n
}

// cleanText makes untrusted text safe for a // comment: line breaks (\r\n,
// \r, U+0085, U+2028, U+2029) become \n, other control characters, bidi
// controls, BOMs and invalid UTF-8 are dropped, and tabs become spaces.
// Each resulting line is trimmed and inner runs of spaces collapsed; empty
// lines are dropped.
func cleanText(s string) []string {
	var lines []string
	var b strings.Builder
	space := false
	flush := func() {
		if b.Len() > 0 {
			lines = append(lines, b.String())
		}
		b.Reset()
		space = false
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			continue
		case r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			flush()
		case r == '\t' || unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) ||
			unicode.Is(unicode.Cs, r) || r == utf8.RuneError:
			continue
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	flush()
	return lines
}

// oneLine returns untrusted text as one safe comment line (see cleanText).
func oneLine(s string) string { return strings.Join(cleanText(s), " ") }

// clip shortens a comment fragment to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}
