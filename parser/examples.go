package parser

import (
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// exNode is one element of a page's example: a property set in the Java
// request example, or an element of the XML response example. The examples
// show the true nesting of the fields, which the tables do not.
type exNode struct {
	name     string // as written: the XML element name or the Java property name
	key      string // normKey(name), for matching against table rows
	value    string // the example value of a leaf
	hasValue bool
	kids     []*exNode // sub-elements; for a list, its items
	list     bool      // kids are the items of a Java list
	line     int       // line in the page, 0 if unknown
	matched  bool      // a table row (or the nesting) accounts for the node

	ref *exNode // Java only: the variable whose object or list this property holds
}

// normKey reduces a snake_case or CamelCase name to a matching key:
// trade_no, TradeNo and tradeNo all become "tradeno"; dots go too
// (a.b, as some params are named, is set by setAB).
func normKey(s string) string {
	if !strings.ContainsAny(s, "_.") {
		return strings.ToLower(s)
	}
	return strings.ToLower(strings.NewReplacer("_", "", ".", "").Replace(s))
}

// block is a multi-line part of a page (an example), dedented and trimmed.
type block struct {
	text string
	line int // line in the page of the block's first line
}

// newBlock builds a block from page lines, the first at page line first:
// it drops leading and trailing blank lines, trailing spaces and the
// common indentation.
func newBlock(lines []string, first int) *block {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
		first++
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if len(l) >= indent {
			l = l[indent:]
		} else {
			l = strings.TrimLeft(l, " \t")
		}
		out[i] = l
	}
	return &block{text: strings.Join(out, "\n"), line: first}
}

// parseXMLExample reads an XML example into a tree; the root is the
// document element. An empty block yields nil; a broken one an error at
// its line in the page.
func parseXMLExample(b *block, what string, pr *probs) *exNode {
	if b == nil || strings.TrimSpace(b.text) == "" {
		return nil
	}
	dec := xml.NewDecoder(strings.NewReader(b.text))
	dec.Entity = xml.HTMLEntity
	dec.Strict = true
	var (
		root  *exNode
		stack []*exNode
		texts []*strings.Builder
	)
	pageLine := func() int {
		l, _ := dec.InputPos()
		return b.line + l - 1
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := pageLine()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = b.line + se.Line - 1
				err = errors.New(se.Msg)
			}
			pr.err(line, "%s: want well-formed XML: %v", what, err)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				pr.err(pageLine(), "%s: want one root element, found a second one <%s>", what, t.Name.Local)
				return nil
			}
			n := &exNode{name: t.Name.Local, key: normKey(t.Name.Local), line: pageLine()}
			if len(stack) == 0 {
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
			texts = append(texts, &strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			if len(n.kids) == 0 {
				n.value = strings.TrimSpace(texts[len(texts)-1].String())
				n.hasValue = true
			}
			stack = stack[:len(stack)-1]
			texts = texts[:len(texts)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if s := strings.TrimSpace(string(t)); s != "" {
					pr.err(pageLine(), "%s: want only XML, found text %q outside the root element", what, clip(s))
					return nil
				}
				continue
			}
			texts[len(texts)-1].Write(t)
		}
	}
	if root == nil {
		pr.err(b.line, "%s: want an XML element, found none", what)
	}
	return root
}

// The Java statements of a TOP request example.
var (
	javaDeclRE = regexp.MustCompile(`^([\w.<>\[\], ]+?)\s+(\w+)\s*=\s*new\s+([\w.<>\[\], ]+?)\s*\((.*)\)$`)
	javaSetRE  = regexp.MustCompile(`^(\w+)\.set(\w+)\s*\((.*)\)$`)
	javaAddRE  = regexp.MustCompile(`^(\w+)\.add\s*\((.*)\)$`)
	javaExecRE = regexp.MustCompile(`\.execute\s*\(\s*(\w+)\s*(,[^)]*)?\)`)
	javaCallRE = regexp.MustCompile(`^(?:new\s+)?[\w.]+\s*\(\s*("(?:[^"\\]|\\.)*")\s*\)$`)
	javaStrRE  = regexp.MustCompile(`^"(?:[^"\\]|\\.)*"$`)
	javaNumRE  = regexp.MustCompile(`^([-+]?[0-9]+(?:\.[0-9]+)?)[LlDdFf]?$`)
	identRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// paramRE is a param name in a table's name cell; some hold dots.
	paramRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$`)
)

// javaExample is what the Java request example tells.
type javaExample struct {
	root        *exNode // the request object; its kids are the parameters set
	session     bool    // client.execute(req, sessionKey)
	sessionSeen bool    // a client.execute call was found
}

// parseJavaExample reads the Java request example: the variables declared
// (the request, objects, lists), the setters called on them and the
// execute call. It does not fail: statements it does not understand are
// skipped.
func parseJavaExample(b *block, pr *probs) *javaExample {
	je := &javaExample{}
	if b == nil {
		return je
	}
	type jvar struct {
		node  *exNode
		class string
	}
	vars := map[string]*jvar{}
	var reqVar, execVar string
	lines := strings.Split(b.text, "\n")
	var stmt strings.Builder
	stmtLine := 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		if stmt.Len() == 0 {
			stmtLine = b.line + i
		} else {
			stmt.WriteByte(' ')
		}
		stmt.WriteString(l)
		if !strings.HasSuffix(l, ";") && i < len(lines)-1 && stmt.Len() < 1<<16 {
			continue
		}
		s := strings.TrimSpace(strings.TrimSuffix(stmt.String(), ";"))
		stmt.Reset()
		if m := javaExecRE.FindStringSubmatch(s); m != nil {
			execVar = m[1]
			je.sessionSeen = true
			je.session = strings.TrimSpace(strings.TrimPrefix(m[2], ",")) != ""
			continue
		}
		if m := javaDeclRE.FindStringSubmatch(s); m != nil {
			class := strings.TrimSpace(m[3])
			v := &jvar{node: &exNode{line: stmtLine}, class: class}
			if strings.HasPrefix(class, "ArrayList") || strings.HasPrefix(class, "List") ||
				strings.HasPrefix(class, "java.util.") {
				v.node.list = true
				// The item class: List<X.FundBill> → FundBill.
				decl := m[1]
				if a, z := strings.Index(decl, "<"), strings.LastIndex(decl, ">"); a >= 0 && z > a {
					item := decl[a+1 : z]
					item = item[strings.LastIndex(item, ".")+1:]
					v.class = item
				}
			} else if reqVar == "" && !strings.Contains(class, ".") && strings.HasSuffix(class, "Request") {
				reqVar = m[2]
			}
			vars[m[2]] = v
			continue
		}
		if m := javaSetRE.FindStringSubmatch(s); m != nil {
			v := vars[m[1]]
			if v == nil || v.node.list {
				continue
			}
			n := &exNode{name: m[2], key: normKey(m[2]), line: stmtLine}
			expr := strings.TrimSpace(m[3])
			if r := vars[expr]; r != nil && identRE.MatchString(expr) {
				n.ref = r.node
				if r.node.list {
					for _, it := range r.node.kids {
						if it.key == "" {
							it.name, it.key = r.class, normKey(r.class)
						}
					}
				}
			} else {
				n.value, n.hasValue = javaValue(expr)
			}
			v.node.kids = append(v.node.kids, n)
			continue
		}
		if m := javaAddRE.FindStringSubmatch(s); m != nil {
			v := vars[m[1]]
			if v == nil || !v.node.list {
				continue
			}
			expr := strings.TrimSpace(m[2])
			it := &exNode{name: v.class, key: normKey(v.class), line: stmtLine}
			if r := vars[expr]; r != nil && identRE.MatchString(expr) {
				it.ref = r.node
			} else {
				it.value, it.hasValue = javaValue(expr)
			}
			v.node.kids = append(v.node.kids, it)
		}
	}
	if execVar != "" && vars[execVar] != nil {
		reqVar = execVar
	}
	if reqVar == "" || vars[reqVar] == nil {
		pr.warn(b.line, "Java request example: want a request object (X req = new XRequest()), found none; request nesting taken from the table")
		return je
	}
	je.root = vars[reqVar].node
	resolveRefs(je.root, map[*exNode]bool{})
	return je
}

// resolveRefs replaces each property holding a variable by the variable's
// object or list. A variable holding itself (directly or not) is cut.
func resolveRefs(n *exNode, onPath map[*exNode]bool) {
	if onPath[n] {
		return
	}
	onPath[n] = true
	defer delete(onPath, n)
	for _, k := range n.kids {
		if k.ref == nil {
			continue
		}
		r := k.ref
		k.ref = nil
		if onPath[r] {
			continue
		}
		resolveRefs(r, onPath)
		k.kids, k.list = r.kids, r.list
		if k.name == "" {
			k.line = r.line
		}
	}
}

// javaValue reads the example value of a Java expression: a string
// literal, a number (180L), true/false, or a call with one string argument
// (StringUtils.parseDateTime("2017-01-20 13:00:00")).
func javaValue(expr string) (string, bool) {
	switch {
	case expr == "null" || expr == "":
		return "", false
	case javaStrRE.MatchString(expr):
		return unquoteJava(expr), true
	case javaCallRE.MatchString(expr):
		return unquoteJava(javaCallRE.FindStringSubmatch(expr)[1]), true
	case javaNumRE.MatchString(expr):
		return javaNumRE.FindStringSubmatch(expr)[1], true
	}
	return expr, true
}

// unquoteJava decodes a Java string literal, quotes included.
func unquoteJava(s string) string {
	s = s[1 : len(s)-1]
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			j := i + 1
			for j < len(s) && s[j] == 'u' {
				j++
			}
			if j+4 <= len(s) {
				if v, err := strconv.ParseUint(s[j:j+4], 16, 32); err == nil {
					r := rune(v)
					if !utf8.ValidRune(r) {
						r = utf8.RuneError
					}
					b.WriteRune(r)
					i = j + 3
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			if e >= '0' && e <= '7' {
				v, j := 0, i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' && v*8+int(s[j]-'0') <= 0377 {
					v = v*8 + int(s[j]-'0')
					j++
				}
				b.WriteRune(rune(v))
				i = j - 1
				continue
			}
			b.WriteByte(e) // \" \\ \'
		}
	}
	return b.String()
}

// clip shortens s for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
