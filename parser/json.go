package parser

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/topgen/topgen/model"
)

// parseJSON reads the doc site's getDocument.json: the whole response
// ({"success":true,"data":{…}}) or its data object alone. It returns the
// model, the warnings and the errors; every problem found is reported,
// each with the line it concerns.
func parseJSON(file string, data []byte) (*model.API, Problems, Problems) {
	// A byte order mark holds no newline: dropping it keeps line numbers.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &jsonParser{file: file, data: data}
	root, err := decodeJSONTree(data)
	if err != nil {
		p.errAt(err.off, "%s", err.msg)
		return nil, p.warns, p.errs
	}
	api := p.document(root)
	if len(p.errs) > 0 {
		return nil, p.warns, p.errs
	}
	return api, p.warns, nil
}

// jsonParser collects the problems of one page.
type jsonParser struct {
	file  string
	data  []byte
	warns Problems
	errs  Problems
}

// line returns the 1-based line of a byte offset.
func (p *jsonParser) line(off int64) int {
	off = min(max(off, 0), int64(len(p.data)))
	return 1 + bytes.Count(p.data[:off], []byte("\n"))
}

func (p *jsonParser) errAt(off int64, format string, args ...any) {
	p.errs = append(p.errs, &Problem{File: p.file, Line: p.line(off), Msg: fmt.Sprintf(format, args...)})
}

func (p *jsonParser) warnAt(off int64, format string, args ...any) {
	p.warns = append(p.warns, &Problem{File: p.file, Line: p.line(off), Msg: fmt.Sprintf(format, args...), Warning: true})
}

// document reads the API from the decoded page.
func (p *jsonParser) document(root *jval) *model.API {
	if root.kind != jObject {
		p.errAt(root.off, "top level is %s: want a JSON object, getDocument.json's response or its data object", root.describe())
		return nil
	}
	doc := root
	if d := root.get("data"); d != nil && root.get("name") == nil && root.get("requestParams") == nil && root.get("responseParams") == nil {
		if s := root.get("success"); s != nil && s.kind == jBool && !s.b {
			msg := ""
			for _, k := range []string{"errorMessage", "errorMsg", "msg", "message"} {
				if m := root.get(k); m != nil && m.kind == jString {
					msg = ": " + m.s
					break
				}
			}
			p.errAt(s.off, "response has success=false%s: want a successful getDocument.json response", msg)
			return nil
		}
		if d.kind != jObject {
			p.errAt(d.off, "\"data\" is %s: want the document object", d.describe())
			return nil
		}
		doc = d
	}
	if doc.get("pkg") != nil && doc.get("requestParams") == nil && doc.get("responseParams") == nil && doc.get("apiChineseName") == nil {
		p.errAt(doc.off, "this is a category descriptor (catelog.json: name, pkg, id), not an API document: want getDocument.json's data object with name, apiChineseName, requestParams and responseParams")
		return nil
	}
	api := &model.API{}
	name := doc.get("name")
	switch {
	case name == nil || name.kind == jNull:
		what := ""
		if len(doc.obj) == 1 && doc.obj[0].key == "id" {
			what = " (the document holds only an id: an empty stub)"
		}
		p.errAt(doc.off, "missing \"name\"%s: want the API method name, e.g. \"taobao.user.seller.get\"", what)
	case name.kind != jString || strings.TrimSpace(name.s) == "":
		p.errAt(name.off, "\"name\" is %s: want the API method name, e.g. \"taobao.user.seller.get\"", name.describe())
	default:
		api.Method = strings.TrimSpace(name.s)
		if !jsonMethodRE.MatchString(api.Method) {
			p.warnAt(name.off, "method name %q: want dot-separated words, e.g. \"taobao.user.seller.get\"", api.Method)
		}
	}
	api.Title = p.text(doc, "apiChineseName")
	api.Description = p.text(doc, "description")
	for _, m := range doc.obj {
		switch jsonKey(m.key) {
		case "isneedsession", "needsession", "session", "requiresession", "sessionrequired",
			"isrequiresession", "isrequiredsession", "needsessionkey", "issession":
			if need, ok := p.sessionFlag(m.val); ok {
				api.Session = need
			}
		case "rspsamplexml", "responsesamplexml", "rspxmlsample", "samplexml":
			api.ResponseExample = p.rawText(m)
		case "rspsamplejson":
			api.ResponseExampleJSON = p.rawText(m)
		case "rspsamplesimplifyjson":
			api.ResponseExampleSimplify = p.rawText(m)
		case "errsamplexml", "errorsamplexml", "errorxmlsample", "errsample", "errorsample", "apierrdemoxml":
			api.ErrorExample = p.rawText(m)
		case "errorcodes", "errorcodelist", "errcodes", "errors":
			api.ErrorCodes = p.errorCodes(m.val)
		case "changediff":
			api.ChangeDiff = p.changeDiff(m.val)
		}
	}
	// The labels are the site's own statement of the session need: they win.
	if v := doc.get("labels"); v != nil {
		if need, ok := p.labels(v); ok {
			api.Session = need
		}
	}
	if v := doc.get("requestParams"); v != nil {
		api.Request = p.params(v, "requestParams", "", model.Request)
	}
	if v := doc.get("responseParams"); v != nil {
		api.Response = p.params(v, "responseParams", "", model.Response)
	}
	return api
}

var jsonMethodRE = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$`)

// jsonKey folds a key for lenient matching: lower case, no '_' or '-'.
func jsonKey(k string) string {
	k = strings.ToLower(k)
	if strings.ContainsAny(k, "_-") {
		k = strings.NewReplacer("_", "", "-", "").Replace(k)
	}
	return k
}

// text returns a string member of o cleaned of markup, or "".
func (p *jsonParser) text(o *jval, key string) string {
	v := o.get(key)
	if v == nil || v.kind == jNull {
		return ""
	}
	if v.kind != jString {
		p.errAt(v.off, "%q is %s: want a string", key, v.describe())
		return ""
	}
	return cleanHTML(v.s)
}

// rawText returns a string member verbatim (examples are kept as written).
func (p *jsonParser) rawText(m jmember) string {
	switch m.val.kind {
	case jNull:
		return ""
	case jString:
		return strings.TrimSpace(strings.ToValidUTF8(m.val.s, "\uFFFD"))
	}
	p.warnAt(m.val.off, "%q is %s: want a string; ignored", m.key, m.val.describe())
	return ""
}

// sessionFlag reads a needs-session flag: a boolean, "true"/"false", 0/1,
// the words required/optional/none, or the site's words 需要/不需要/可选.
func (p *jsonParser) sessionFlag(v *jval) (model.SessionNeed, bool) {
	if v.kind == jNull {
		return model.SessionNone, false
	}
	if b, ok := jsonBool(v); ok {
		if b {
			return model.SessionRequired, true
		}
		return model.SessionNone, true
	}
	if v.kind == jString {
		switch strings.ToLower(strings.TrimSpace(v.s)) {
		case "yes", "y", "需要", "必须", "是", "required":
			return model.SessionRequired, true
		case "可选", "optional":
			return model.SessionOptional, true
		case "no", "n", "不需要", "否", "none":
			return model.SessionNone, true
		}
	}
	p.warnAt(v.off, "session flag is %s: want true or false; ignored", v.describe())
	return model.SessionNone, false
}

// labels reads the session need from the full doc's labels:
// [{"key":"required","displayName":"必须用户授权"}, …]. Labels about
// other things (pricing) are ignored; ok is false when no label speaks of
// the session.
func (p *jsonParser) labels(v *jval) (model.SessionNeed, bool) {
	if v.kind == jNull {
		return model.SessionNone, false
	}
	if v.kind != jArray {
		p.warnAt(v.off, "\"labels\" is %s: want a list of {key, displayName} objects; ignored", v.describe())
		return model.SessionNone, false
	}
	need, found := model.SessionNone, false
	for i, e := range v.arr {
		var key, name string
		switch e.kind {
		case jString: // a bare tag
			name = strings.TrimSpace(e.s)
		case jObject:
			if k := e.get("key"); k != nil && k.kind == jString {
				key = strings.TrimSpace(k.s)
			}
			if d := e.get("displayName"); d != nil && d.kind == jString {
				name = strings.TrimSpace(d.s)
			}
		default:
			p.warnAt(e.off, "labels[%d] is %s: want an object with key and displayName; ignored", i, e.describe())
			continue
		}
		var this model.SessionNeed
		switch {
		case strings.Contains(name, "必须用户授权") || key == "required":
			this = model.SessionRequired
		case strings.Contains(name, "可选授权") || key == "optional":
			this = model.SessionOptional
		case strings.Contains(name, "不需用户授权") || strings.Contains(name, "不需要用户授权") || key == "no_need":
			this = model.SessionNone
		default:
			continue
		}
		if found && this != need {
			p.warnAt(e.off, "labels[%d] %q contradicts an earlier session label: want one; the stricter is kept", i, name)
			if rank(this) < rank(need) {
				continue
			}
		}
		need, found = this, true
	}
	return need, found
}

// rank orders session needs from none to required.
func rank(s model.SessionNeed) int {
	switch s {
	case model.SessionRequired:
		return 2
	case model.SessionOptional:
		return 1
	}
	return 0
}

// changeDiff reads the site's change log: {gmtModified, inputDiff[], outputDiff[]}.
func (p *jsonParser) changeDiff(v *jval) *model.ChangeDiff {
	if v.kind == jNull {
		return nil
	}
	if v.kind != jObject {
		p.warnAt(v.off, "\"changeDiff\" is %s: want {gmtModified, inputDiff, outputDiff}; ignored", v.describe())
		return nil
	}
	cd := &model.ChangeDiff{}
	if t := v.get("gmtModified"); t != nil && t.kind != jNull {
		n, err := strconv.ParseInt(strings.TrimSpace(t.s), 10, 64)
		if (t.kind != jNumber && t.kind != jString) || err != nil {
			p.warnAt(t.off, "changeDiff.gmtModified is %s: want epoch milliseconds; ignored", t.describe())
		} else {
			cd.Modified = n
		}
	}
	list := func(key string) []string {
		l := v.get(key)
		if l == nil || l.kind == jNull {
			return nil
		}
		if l.kind != jArray {
			p.warnAt(l.off, "changeDiff.%s is %s: want a list of strings like \"[+] data->field\"; ignored", key, l.describe())
			return nil
		}
		var out []string
		for i, e := range l.arr {
			if e.kind != jString {
				p.warnAt(e.off, "changeDiff.%s[%d] is %s: want a string; ignored", key, i, e.describe())
				continue
			}
			if s := strings.TrimSpace(e.s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	cd.Request = list("inputDiff")
	cd.Response = list("outputDiff")
	if cd.Modified == 0 && len(cd.Request) == 0 && len(cd.Response) == 0 {
		return nil
	}
	return cd
}

// errorCodes reads the error code table: a list of objects whose keys may
// be spelled errorCode/code/subCode, errorMsg/msg/message, solution.
func (p *jsonParser) errorCodes(v *jval) []model.ErrorCode {
	if v.kind == jNull {
		return nil
	}
	if v.kind != jArray {
		p.errAt(v.off, "\"errorCodes\" is %s: want a list of {errorCode, errorMsg, solution} objects", v.describe())
		return nil
	}
	var out []model.ErrorCode
	for i, e := range v.arr {
		if e.kind != jObject {
			p.errAt(e.off, "errorCodes[%d] is %s: want an object with errorCode, errorMsg and solution", i, e.describe())
			continue
		}
		var ec model.ErrorCode
		var codeRank, msgRank int
		for _, m := range e.obj {
			s, ok := jsonScalarText(m.val)
			if !ok {
				p.errAt(m.val.off, "errorCodes[%d].%s is %s: want a string", i, m.key, m.val.describe())
				continue
			}
			s = cleanHTML(s)
			switch k := jsonKey(m.key); k {
			case "errorcode", "code", "errcode", "subcode", "suberrorcode":
				if r := jsonRank(k, "errorcode", "code", "errcode", "subcode", "suberrorcode"); ec.Code == "" || r < codeRank {
					ec.Code, codeRank = s, r
				}
			case "errormsg", "msg", "message", "errormessage", "errmsg", "submsg", "desc", "description":
				if r := jsonRank(k, "errormsg", "msg", "message", "errormessage", "errmsg", "submsg", "desc", "description"); ec.Message == "" || r < msgRank {
					ec.Message, msgRank = s, r
				}
			case "solution", "resolution", "suggestion", "fix", "solve":
				ec.Solution = s
			}
		}
		if ec.Code == "" {
			p.warnAt(e.off, "errorCodes[%d] has no code: want an errorCode (or code) key; entry skipped", i)
			continue
		}
		out = append(out, ec)
	}
	return out
}

func jsonRank(k string, keys ...string) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return len(keys)
}

// jsonScalarText renders a JSON scalar as text; null is "".
func jsonScalarText(v *jval) (string, bool) {
	switch v.kind {
	case jNull:
		return "", true
	case jString, jNumber:
		return v.s, true
	case jBool:
		return strconv.FormatBool(v.b), true
	}
	return "", false
}

// params reads a list of params. where is the JSON path for messages,
// prefix the dotted field path of the parent ("" at top level).
func (p *jsonParser) params(v *jval, where, prefix string, sec model.Section) []*model.Field {
	if v.kind == jNull {
		return nil
	}
	if v.kind != jArray {
		p.errAt(v.off, "%s is %s: want a list of param objects", where, v.describe())
		return nil
	}
	var out []*model.Field
	seen := map[string]bool{}
	for i, e := range v.arr {
		at := fmt.Sprintf("%s[%d]", where, i)
		if e.kind != jObject {
			p.errAt(e.off, "%s is %s: want a param object with name, type and description", at, e.describe())
			continue
		}
		f := p.param(e, at, prefix, sec)
		if f == nil {
			continue
		}
		if seen[f.Name] {
			off := e.off
			if n := e.get("name"); n != nil {
				off = n.off
			}
			p.warnAt(off, "%s field %q is listed twice in the same object: want unique names; keeping both", sec, prefix+f.Name)
		}
		seen[f.Name] = true
		out = append(out, f)
	}
	return out
}

// param reads one param object.
func (p *jsonParser) param(o *jval, at, prefix string, sec model.Section) *model.Field {
	f := &model.Field{}
	ok := true
	name := o.get("name")
	switch {
	case name == nil || name.kind == jNull:
		p.errAt(o.off, "%s: missing \"name\": want the param's wire name", at)
		ok = false
	case name.kind != jString || strings.TrimSpace(name.s) == "":
		p.errAt(name.off, "%s: \"name\" is %s: want the param's wire name", at, name.describe())
		ok = false
	case !model.IsWireName(strings.TrimSpace(name.s)):
		p.errAt(name.off, "%s: \"name\" is %q: want a wire name without spaces, control characters, quotes, backslashes, backquotes or commas", at, name.s)
		ok = false
	default:
		f.Name = strings.TrimSpace(name.s)
		at = fmt.Sprintf("%s field %q", sec, prefix+f.Name)
	}
	var subs *jval
	for _, m := range o.obj {
		v := m.val
		switch jsonKey(m.key) {
		case "type":
			raw := ""
			switch v.kind {
			case jNull:
			case jString:
				raw = v.s
			default:
				p.errAt(v.off, "%s: \"type\" is %s: want a type name string like \"String\" or \"FundBill []\"", at, v.describe())
				ok = false
				continue
			}
			t, list, err := model.ParseType(raw)
			if err != nil {
				p.errAt(v.off, "%s: %v", at, err)
				ok = false
				continue
			}
			f.Type, f.List = t, list
		case "required":
			b, good := jsonBool(v)
			if !good {
				p.errAt(v.off, "%s: \"required\" is %s: want true or false", at, v.describe())
				ok = false
			}
			f.Required = b && sec == model.Request
		case "description", "desc":
			if v.kind != jString && v.kind != jNull {
				p.errAt(v.off, "%s: \"description\" is %s: want a string", at, v.describe())
				ok = false
				continue
			}
			f.Description = cleanHTML(v.s)
		case "subparams":
			subs = v
		case "maxlength":
			f.MaxLength, ok = p.limitInt(v, at, m.key, ok)
		case "maxlistsize":
			f.MaxListSize, ok = p.limitInt(v, at, m.key, ok)
		case "minvalue":
			f.MinValue, ok = p.limitNumber(v, at, m.key, ok)
		case "maxvalue":
			f.MaxValue, ok = p.limitNumber(v, at, m.key, ok)
		case "demovalue", "example":
			f.Example, ok = p.textValue(v, at, m.key, ok)
		case "defaultvalue", "default":
			f.Default, ok = p.textValue(v, at, m.key, ok)
		}
	}
	if f.Type == "" {
		f.Type = "String"
	}
	if subs != nil {
		path := prefix + f.Name
		if f.List {
			path += "[]"
		}
		fields := p.params(subs, at+".subParams", path+".", sec)
		f.Fields = fields
	}
	if !ok {
		return nil
	}
	return f
}

// jsonBool reads true/false, "true"/"false", 1/0; null is false.
func jsonBool(v *jval) (bool, bool) {
	switch v.kind {
	case jNull:
		return false, true
	case jBool:
		return v.b, true
	case jNumber:
		switch v.s {
		case "0":
			return false, true
		case "1":
			return true, true
		}
	case jString:
		switch strings.ToLower(strings.TrimSpace(v.s)) {
		case "true", "1":
			return true, true
		case "false", "0", "":
			return false, true
		}
	}
	return false, false
}

// limitInt reads maxLength/maxListSize: a non-negative integer, as a
// number or a string. ok is passed through, cleared on error.
func (p *jsonParser) limitInt(v *jval, at, key string, ok bool) (*int64, bool) {
	var s string
	switch v.kind {
	case jNull:
		return nil, ok
	case jNumber, jString:
		s = strings.TrimSpace(v.s)
	}
	if v.kind == jString && s == "" {
		return nil, ok
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		p.errAt(v.off, "%s: %q is %s: want a non-negative integer", at, key, v.describe())
		return nil, false
	}
	return &n, ok
}

// limitNumber reads minValue/maxValue: a decimal number, as a number or a string.
func (p *jsonParser) limitNumber(v *jval, at, key string, ok bool) (*model.Number, bool) {
	var s string
	switch v.kind {
	case jNull:
		return nil, ok
	case jString:
		s = strings.TrimSpace(v.s)
		if s == "" {
			return nil, ok
		}
	case jNumber:
		s = v.s
		if strings.ContainsAny(s, "eE") {
			// 1e3 is 1000: the model keeps plain decimals.
			if f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven); err == nil {
				s = f.Text('f', -1)
			}
		}
	default:
		p.errAt(v.off, "%s: %q is %s: want a decimal number", at, key, v.describe())
		return nil, false
	}
	n, err := model.ParseNumber(s)
	if err != nil {
		p.errAt(v.off, "%s: %q: %v", at, key, err)
		return nil, false
	}
	return &n, ok
}

// textValue reads an example or default: any scalar, as text.
func (p *jsonParser) textValue(v *jval, at, key string, ok bool) (string, bool) {
	s, good := jsonScalarText(v)
	if !good {
		p.errAt(v.off, "%s: %q is %s: want a string, number or boolean", at, key, v.describe())
		return "", false
	}
	return cleanLines(s), ok
}

// jkind is the kind of a JSON value.
type jkind uint8

// The kinds of JSON values.
const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jObject
	jArray
)

func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an object", "a list"}[k]
}

// jval is a decoded JSON value that remembers where it is in the page.
type jval struct {
	kind jkind
	off  int64 // byte offset in the page: the start of an object or list, the end of a scalar
	s    string
	b    bool
	obj  []jmember
	arr  []*jval
}

// jmember is one member of an object, in page order.
type jmember struct {
	key string
	val *jval
}

// get returns the last member named key (as encoding/json would), or nil.
func (v *jval) get(key string) *jval {
	var out *jval
	for _, m := range v.obj {
		if m.key == key {
			out = m.val
		}
	}
	return out
}

// describe names a value for messages: its kind, and a short scalar's text.
func (v *jval) describe() string {
	switch v.kind {
	case jString:
		s := v.s
		if len([]rune(s)) > 40 {
			s = string([]rune(s)[:40]) + "…"
		}
		return fmt.Sprintf("%s %q", v.kind, s)
	case jNumber:
		return fmt.Sprintf("%s %s", v.kind, v.s)
	case jBool:
		return fmt.Sprintf("%s %t", v.kind, v.b)
	}
	return v.kind.String()
}

// jsonError is a decoding problem at a byte offset.
type jsonError struct {
	off int64
	msg string
}

// decodeJSONTree decodes one JSON value, keeping member order and offsets.
func decodeJSONTree(data []byte) (*jval, *jsonError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	d := &treeDecoder{dec: dec, data: data}
	tok, err := dec.Token()
	if err != nil {
		return nil, d.wrap(err)
	}
	v, jerr := d.value(tok)
	if jerr != nil {
		return nil, jerr
	}
	if _, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		if err != nil {
			return nil, d.wrap(err)
		}
		return nil, &jsonError{off: off, msg: "extra data after the top-level value: want one JSON object"}
	}
	return v, nil
}

// treeDecoder builds a jval tree from a json.Decoder's tokens.
type treeDecoder struct {
	dec  *json.Decoder
	data []byte
}

// wrap turns a decoding error into a jsonError with the best offset known.
func (d *treeDecoder) wrap(err error) *jsonError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off := se.Offset
		// A trailing comma is noticed at the } or ] after it: point at the comma.
		for _, i := range []int64{off, off - 1} {
			if i < 0 || i >= int64(len(d.data)) || (d.data[i] != '}' && d.data[i] != ']') {
				continue
			}
			if j := bytes.LastIndexFunc(d.data[:i], func(r rune) bool { return !unicode.IsSpace(r) }); j >= 0 && d.data[j] == ',' {
				off = int64(j)
			}
			break
		}
		return &jsonError{off: off, msg: fmt.Sprintf("JSON syntax error: %v: want well-formed JSON", se)}
	case errors.As(err, &te):
		return &jsonError{off: te.Offset, msg: fmt.Sprintf("JSON type error: %v", te)}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		if d.dec.InputOffset() == 0 && err == io.EOF {
			return &jsonError{off: 0, msg: "empty page: want a JSON object"}
		}
		return &jsonError{off: int64(len(d.data)), msg: "unexpected end of JSON input: want the rest of the document (closing } or ])"}
	}
	return &jsonError{off: d.dec.InputOffset(), msg: fmt.Sprintf("JSON error: %v: want well-formed JSON", err)}
}

// value builds the value that starts with tok.
func (d *treeDecoder) value(tok json.Token) (*jval, *jsonError) {
	end := d.dec.InputOffset()
	switch t := tok.(type) {
	case nil:
		return &jval{kind: jNull, off: end}, nil
	case bool:
		return &jval{kind: jBool, off: end, b: t}, nil
	case json.Number:
		return &jval{kind: jNumber, off: end, s: string(t)}, nil
	case string:
		return &jval{kind: jString, off: end, s: t}, nil
	case json.Delim:
		switch t {
		case '{':
			v := &jval{kind: jObject, off: end - 1}
			for d.dec.More() {
				kt, err := d.dec.Token()
				if err != nil {
					return nil, d.wrap(err)
				}
				key, _ := kt.(string)
				vt, err := d.dec.Token()
				if err != nil {
					return nil, d.wrap(err)
				}
				mv, jerr := d.value(vt)
				if jerr != nil {
					return nil, jerr
				}
				v.obj = append(v.obj, jmember{key: key, val: mv})
			}
			if _, err := d.dec.Token(); err != nil {
				return nil, d.wrap(err)
			}
			return v, nil
		case '[':
			v := &jval{kind: jArray, off: end - 1}
			for d.dec.More() {
				et, err := d.dec.Token()
				if err != nil {
					return nil, d.wrap(err)
				}
				ev, jerr := d.value(et)
				if jerr != nil {
					return nil, jerr
				}
				v.arr = append(v.arr, ev)
			}
			if _, err := d.dec.Token(); err != nil {
				return nil, d.wrap(err)
			}
			return v, nil
		}
	}
	return nil, &jsonError{off: end, msg: fmt.Sprintf("unexpected JSON token %v: want a value", tok)}
}
