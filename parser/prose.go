package parser

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/topgen/topgen/model"
)

// enrich reads enums and cross-field constraints out of the descriptions,
// whatever format the page was in. It is deterministic and conservative:
// an enum needs two or more plausible values, a constraint two or more
// fields that exist.
func enrich(api *model.API) {
	for _, sec := range []model.Section{model.Request, model.Response} {
		walkEnums(api.Fields(sec))
	}
	api.Constraints = appendConstraints(api.Constraints, api)
}

// walkEnums sets Enum on every field whose description enumerates values.
func walkEnums(fs []*model.Field) {
	for _, f := range fs {
		if len(f.Enum) == 0 {
			f.Enum = findEnum(f, fs)
		}
		walkEnums(f.Fields)
	}
}

// Enum forms, each matching the start of one item up to its label.
const (
	enumFormColon  = iota // [1.] CASH:现金支付; 0：待匹配
	enumFormEq            // 1=中文,2=英文
	enumFormParen         // LOGISTICS("物流发货"), m(男)
	enumFormNumDot        // 1.票品优惠;2.订单优惠
	enumFormSpace         // TAOBAO_OPENID 经…登录的用户id; ALIPAY_OPENID …
	enumForms
)

var enumItemRE = [enumForms]*regexp.Regexp{
	enumFormColon:  regexp.MustCompile(`(?:\d{1,2}\s*[.．、)）]\s*)?(-?\d{1,10}|[A-Za-z][A-Za-z0-9_]{0,63})\s*[:：]\s*`),
	enumFormEq:     regexp.MustCompile(`(-?\d{1,10}|[A-Za-z][A-Za-z0-9_]{0,63})\s*[=＝]\s*`),
	enumFormParen:  regexp.MustCompile(`(-?\d{1,10}|[A-Za-z][A-Za-z0-9_]{0,63})\s*[(（]\s*["'“‘]?([^()（）"'“”‘’\n]{1,40}?)["'”’]?\s*[)）]`),
	enumFormNumDot: regexp.MustCompile(`(\d{1,3})\s*[.．、]\s*`),
	enumFormSpace:  regexp.MustCompile(`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[ \t]+`),
}

// enumFormMark holds, per form, characters one of which every match
// contains: a cheap test that skips the regexp for most descriptions.
var enumFormMark = [enumForms]string{
	enumFormColon:  ":：",
	enumFormEq:     "=＝",
	enumFormParen:  "(（",
	enumFormNumDot: ".．、",
	enumFormSpace:  "_",
}

var (
	enumNumberRE = regexp.MustCompile(`^-?\d+$`)
	// enumRuleLabelRE spots "type=CASH:…": a label that is itself a rule on another field.
	enumRuleLabelRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\s*[=:：]`)
)

// enumHardStops end a label; enumSoftStops separate items.
const (
	enumHardStops = ";；。\n！!"
	enumSoftStops = ",，、"
)

// enumNotValues are words that look like values before a colon but are not.
var enumNotValues = map[string]bool{
	"http": true, "https": true, "ftp": true, "eg": true, "ie": true,
	"note": true, "ps": true, "tips": true, "demo": true, "example": true, "www": true,
}

// enumItem is one "value label" pair found in a description.
type enumItem struct {
	start, end int // the item's bytes: value (or ordinal) to the end of its label
	labelStart int
	value      string
	label      string
	ok         bool
}

// findEnum returns the enum f's description states, or nil.
func findEnum(f *model.Field, siblings []*model.Field) []model.EnumValue {
	kind := model.ScalarKind(f.Type)
	if len(f.Fields) > 0 || (kind != model.KindString && kind != model.KindNumber) {
		return nil
	}
	text := f.Description
	if len(text) < 4 || enumNotList(f) {
		return nil
	}
	sib := map[string]bool{}
	for _, s := range siblings {
		sib[s.Name] = true
	}
	var best [][]enumItem
	bestN := 0
	for form := range enumForms {
		if !strings.ContainsAny(text, enumFormMark[form]) {
			continue
		}
		runs := enumRuns(text, form, sib)
		n := 0
		for i := 0; i < len(runs); i++ {
			// Runs are all numbers or all names; a Number takes numbers only.
			if kind == model.KindNumber && !enumNumberRE.MatchString(runs[i][0].value) {
				runs = append(runs[:i], runs[i+1:]...)
				i--
				continue
			}
			n += len(runs[i])
		}
		if n > bestN {
			best, bestN = runs, n
		}
	}
	if bestN == 0 {
		return enumGlued(text, kind)
	}
	var out []model.EnumValue
	seen := map[string]bool{}
	numbers, bools := 0, 0
	for _, run := range best {
		for _, it := range run {
			if seen[it.value] {
				continue
			}
			seen[it.value] = true
			switch {
			case enumNumberRE.MatchString(it.value):
				numbers++
			case enumBoolWords[strings.ToLower(it.value)]:
				bools++
			}
			out = append(out, model.EnumValue{Value: it.value, Label: it.label})
		}
	}
	// Numbers mixed with true/false (1,2,true,false) come from a sample,
	// not from one list of values.
	if len(out) < 2 || (numbers > 0 && bools > 0) || enumKeys(out, text) {
		return nil
	}
	return out
}

var enumBoolWords = map[string]bool{"true": true, "false": true, "null": true}

// enumNotList reports a field whose description, whatever it says, is not
// a list of its values: a JSON string or map (json_str, result_map), or a
// description holding a JSON sample ({"k":1}).
func enumNotList(f *model.Field) bool {
	name := strings.ToLower(f.Name)
	return strings.Contains(name, "json") || strings.HasSuffix(name, "map") ||
		strings.Contains(f.Description, `{"`) ||
		(strings.Contains(f.Description, `"`) && enumJSONKeyRE.MatchString(f.Description))
}

// enumJSONKeyRE finds a quoted JSON key: "scItemId":.
var enumJSONKeyRE = regexp.MustCompile(`"[A-Za-z_][A-Za-z0-9_]*"\s*:`)

// enumKeySuffixes end the names of data fields (orderId, colorName).
var enumKeySuffixes = []string{"Id", "ID", "Name", "Code", "Url", "URL", "Time", "Desc", "Amount", "Price", "No",
	"Type", "Count", "Fee", "Date", "Info", "List", "Key", "Num", "Index", "Rate", "Status", "Value"}

// enumKeys reports values that are the keys of a JSON object, described
// one by one (hosNo:医院编号, deptNo:科室编号), not values: half or more
// are lowerCamelCase data names, or camelCase in a text that says it
// describes JSON or keys.
func enumKeys(out []model.EnumValue, text string) bool {
	if enumTemplate(out) {
		return true
	}
	camel, keys := 0, 0
	for _, e := range out {
		v := e.Value
		if v == "" || v[0] < 'a' || v[0] > 'z' || strings.IndexFunc(v, unicode.IsUpper) < 0 || strings.Contains(v, "_") {
			continue
		}
		camel++
		for _, suf := range enumKeySuffixes {
			if strings.HasSuffix(v, suf) {
				keys++
				break
			}
		}
	}
	if 2*keys >= len(out) {
		return true
	}
	lower := strings.ToLower(text)
	return 2*camel >= len(out) && (strings.Contains(lower, "json") || strings.Contains(lower, "key"))
}

// enumTemplateRE is a placeholder word with a number: p1, value1, key2.
var enumTemplateRE = regexp.MustCompile(`^[A-Za-z]+(\d+)$`)

// enumTemplate reports a format template, not values: "p1:v1,p2:v2",
// "pid1:value1;pid2:value2", where each value and its label are
// placeholders with the same number.
func enumTemplate(out []model.EnumValue) bool {
	for _, e := range out {
		v, l := enumTemplateRE.FindStringSubmatch(e.Value), enumTemplateRE.FindStringSubmatch(e.Label)
		if v == nil || l == nil || v[1] != l[1] {
			return false
		}
	}
	return true
}

// enumGluedRE is a description that is only a list of numbers glued to
// short labels: "1上午，2下午", "可选值：0个人、1企业".
var enumGluedRE = regexp.MustCompile(`^(?:[^:：]{0,20}[:：])?\s*(\d{1,3}\p{Han}{1,10}(?:\s*[,，、;；/]\s*\d{1,3}\p{Han}{1,10})+)\s*[。;；]?$`)

var enumGluedItemRE = regexp.MustCompile(`(\d{1,3})(\p{Han}{1,10})`)

// enumGlued reads a description that is nothing but numbers glued to
// their labels; any other text makes it prose, not an enum.
func enumGlued(text string, kind model.Kind) []model.EnumValue {
	if len(text) > 400 || !strings.ContainsAny(text, "0123456789") || !strings.ContainsAny(text, ",，、;；/") {
		return nil
	}
	m := enumGluedRE.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	var out []model.EnumValue
	seen := map[string]bool{}
	for _, it := range enumGluedItemRE.FindAllStringSubmatch(m[1], -1) {
		if seen[it[1]] {
			return nil
		}
		seen[it[1]] = true
		label := it[2]
		for _, w := range []string{"表示", "为"} {
			if l := strings.TrimPrefix(label, w); l != "" {
				label = l
			}
		}
		out = append(out, model.EnumValue{Value: it[1], Label: label})
	}
	if len(out) < 2 || (kind != model.KindNumber && kind != model.KindString) {
		return nil
	}
	return out
}

// enumRuns finds the items of one form and groups them into runs of
// adjacent valid items; runs with fewer than two distinct values are dropped.
func enumRuns(text string, form int, sib map[string]bool) [][]enumItem {
	var items []enumItem
	for _, m := range enumItemRE[form].FindAllStringSubmatchIndex(text, -1) {
		if !enumBoundary(text, m[0]) {
			continue
		}
		it := enumItem{start: m[0], end: m[1], labelStart: m[1], value: text[m[2]:m[3]]}
		switch form {
		case enumFormParen:
			it.label = enumTrimLabel(text[m[4]:m[5]])
			it.ok = enumValidLabel(it.label, sib)
		case enumFormNumDot, enumFormSpace:
			r, _ := utf8.DecodeRuneInString(text[m[1]:])
			if r < utf8.RuneSelf || !unicode.IsLetter(r) {
				continue
			}
		}
		if enumNotValues[strings.ToLower(it.value)] || (form != enumFormParen && sib[it.value]) {
			continue
		}
		items = append(items, it)
	}
	if len(items) < 2 {
		return nil
	}
	// Labels run to the next item, cut at a hard stop.
	if form != enumFormParen {
		for i := range items {
			limit := len(text)
			if i+1 < len(items) {
				limit = items[i+1].start
			}
			if limit < items[i].labelStart {
				limit = items[i].labelStart
			}
			raw := text[items[i].labelStart:limit]
			if j := strings.IndexAny(raw, enumHardStops); j >= 0 {
				raw = raw[:j]
			}
			if j := strings.Index(raw, ". "); j >= 0 {
				raw = raw[:j]
			}
			if i+1 == len(items) {
				// The last label ends at a soft separator too: what follows is prose.
				if j := strings.IndexAny(raw, enumSoftStops); j >= 0 {
					raw = raw[:j]
				}
			}
			// A label holding the separator that ends it is prose, as in
			// "c:表示折扣百分比,例子8,意为…,s:标识起始日期".
			var sep rune
			if i+1 < len(items) {
				sep, _ = utf8.DecodeLastRuneInString(strings.TrimRight(raw, " \t"))
			}
			items[i].end = items[i].labelStart + len(raw)
			items[i].label = enumTrimLabel(raw)
			items[i].ok = enumValidLabel(items[i].label, sib) && !enumRuleLabelRE.MatchString(items[i].label)
			if strings.ContainsRune(enumSoftStops, sep) && strings.ContainsAny(items[i].label, enumSameStop(sep)) {
				items[i].ok = false
			}
			if form == enumFormNumDot {
				items[i].ok = items[i].ok && utf8.RuneCountInString(items[i].label) <= 16 &&
					!strings.ContainsAny(items[i].label, ",，")
			}
		}
	}
	var runs [][]enumItem
	var cur []enumItem
	flush := func() {
		distinct := map[string]bool{}
		for _, it := range cur {
			distinct[it.value] = true
		}
		if len(distinct) >= 2 {
			runs = append(runs, cur)
		}
		cur = nil
	}
	for i, it := range items {
		if !it.ok {
			flush()
			continue
		}
		if len(cur) > 0 && (!enumGap(text[items[i-1].end:it.start], form) ||
			enumNumberRE.MatchString(cur[0].value) != enumNumberRE.MatchString(it.value)) {
			flush()
		}
		cur = append(cur, it)
	}
	flush()
	return runs
}

// enumSameStop returns the separators that read the same as r.
func enumSameStop(r rune) string {
	if r == ',' || r == '，' {
		return ",，"
	}
	return string(r)
}

// enumIntros introduce a list of values; the first value may follow with
// no blank or separator.
var enumIntros = []string{"可选值", "可选类型", "取值范围", "取值", "枚举值"}

// enumBoundary reports whether an item may start at i: at the start of
// the text or after a blank or a separator, not inside a word or after "=".
func enumBoundary(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if unicode.IsSpace(r) {
		return true
	}
	for _, w := range enumIntros {
		if strings.HasSuffix(text[:i], w) {
			return true // the first value glued to its introduction: 可选值WAIT_SELLER_AGREE(…)
		}
	}
	return strings.ContainsRune(",，;；、:：(（)）。!！?？|/【】[]<>\"'“”‘’", r)
}

// enumGap reports whether the text between two items keeps them in one
// run: separators only, or (for label forms) a short heading ending in a colon.
func enumGap(gap string, form int) bool {
	g := strings.TrimFunc(gap, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(enumHardStops+enumSoftStops+"|/", r)
	})
	if g == "" {
		return true
	}
	if form == enumFormParen {
		return g == "或" || g == "和"
	}
	return (strings.HasSuffix(g, ":") || strings.HasSuffix(g, "：")) && utf8.RuneCountInString(g) <= 12 &&
		!strings.ContainsAny(g, enumHardStops)
}

// enumTrimLabel trims blanks, quotes, separators and unbalanced brackets
// around a label: "未结账)" is 未结账, "开票中) 、(" is 开票中.
func enumTrimLabel(s string) string {
	for {
		t := strings.TrimFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’「」/|`+enumHardStops+enumSoftStops+".:：=", r)
		})
		t = strings.TrimRight(t, "(（[【")
		t = strings.TrimLeft(t, ")）]】")
		for _, p := range [][2]string{{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}} {
			if strings.HasSuffix(t, p[1]) && strings.Count(t, p[0]) < strings.Count(t, p[1]) {
				t = strings.TrimSuffix(t, p[1])
			}
			if strings.HasPrefix(t, p[0]) && strings.Count(t, p[0]) > strings.Count(t, p[1]) {
				t = strings.TrimPrefix(t, p[0])
			}
		}
		if t == s {
			return t
		}
		s = t
	}
}

// enumValidLabel accepts a label that reads as a name: it starts with a
// letter or bracket, is not prose-long and names no field (a label that
// does describes a case of another field, not a value).
func enumValidLabel(s string, sib map[string]bool) bool {
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) && !strings.ContainsRune("(（[【<《", r) {
		return false
	}
	// A label that names a sibling field ("type=CASH", "传入product_id")
	// describes that field, not values of this one. A short sibling name
	// used as a plain word ("用户id" beside a field "id") is fine.
	for _, m := range proseIdentRE.FindAllStringIndex(s, -1) {
		w := s[m[0]:m[1]]
		if !sib[w] {
			continue
		}
		rest := strings.TrimLeft(s[m[1]:], " \t")
		if strings.IndexAny(rest, "=:：") == 0 || strings.Contains(w, "_") || len(w) >= 4 {
			return false
		}
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// Constraints.

var (
	// proseConstraintRE finds the phrases that say "at least one of these".
	proseConstraintRE = regexp.MustCompile(`不能同时为空|不能都为空|不能全为空|不可同时为空|不能同时为null|[二三]选一|任选其一|必填其一|至少[^，。；;,\n]{0,6}?一[个项]`)
	proseIdentRE      = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	// proseSelfRE says "this field" in a constraint.
	proseSelfRE = regexp.MustCompile(`[此该本]字段|[此该本]参数`)
)

// proseStops end a clause when looking back from a constraint phrase.
const proseStops = "。；;\n!！?？(（【)）】"

// appendConstraints reads the at-least-one-of rules stated in request
// descriptions (and the API's description) and appends the new ones.
func appendConstraints(cs []model.Constraint, api *model.API) []model.Constraint {
	seen := map[string]bool{}
	for _, c := range cs {
		seen[proseConstraintKey(c)] = true
	}
	add := func(c model.Constraint) {
		for _, p := range c.Fields {
			// A name holding "." or "[]" would not resolve as a path.
			if model.Lookup(api.Request, p) == nil {
				return
			}
		}
		if k := proseConstraintKey(c); !seen[k] {
			seen[k] = true
			cs = append(cs, c)
		}
	}
	for _, c := range findConstraints(api.Description, nil, api.Request, "") {
		add(c)
	}
	var walk func(fs []*model.Field, prefix string)
	walk = func(fs []*model.Field, prefix string) {
		for _, f := range fs {
			path := prefix + f.Name
			if f.List {
				path += "[]"
			}
			for _, c := range findConstraints(f.Description, f, fs, prefix) {
				add(c)
			}
			if len(f.Fields) > 0 {
				for _, c := range findConstraints(f.Description, nil, f.Fields, path+".") {
					add(c)
				}
			}
			walk(f.Fields, path+".")
		}
	}
	walk(api.Request, "")
	return cs
}

func proseConstraintKey(c model.Constraint) string {
	fs := slices.Clone(c.Fields)
	slices.Sort(fs)
	return string(c.Kind) + "\x00" + c.Section + "\x00" + strings.Join(fs, "\x00")
}

// findConstraints reads the rules in text, a description of self (nil for
// the API's or a parent's description) among the fields group, whose
// paths start with prefix.
func findConstraints(text string, self *model.Field, group []*model.Field, prefix string) []model.Constraint {
	if text == "" || len(group) < 2 {
		return nil
	}
	var out []model.Constraint
	for _, m := range proseConstraintRE.FindAllStringIndex(text, -1) {
		// The sentence before the phrase, back to a hard stop.
		sentStart := 0
		if i := strings.LastIndexAny(text[:m[0]], proseStops); i >= 0 {
			_, n := utf8.DecodeRuneInString(text[i:])
			sentStart = i + n
		}
		sentence := text[sentStart:m[0]]
		// The phrase's own clause, then earlier clauses that end in a field name.
		clauses := proseClauses(sentence)
		picked := map[*model.Field]bool{}
		firstAt := -1
		hasSelf := false
		for ci := len(clauses) - 1; ci >= 0; ci-- {
			cl := clauses[ci]
			names := proseIdentRE.FindAllStringIndex(cl.text, -1)
			var found []*model.Field
			var at int
			if ci == len(clauses)-1 {
				for _, n := range names {
					if f := proseLookup(group, cl.text[n[0]:n[1]]); f != nil {
						if len(found) == 0 {
							at = cl.start + n[0]
						}
						found = append(found, f)
					}
				}
				if proseSelfRE.MatchString(cl.text) {
					hasSelf = true
				}
			} else {
				tail := strings.TrimRightFunc(cl.text, unicode.IsSpace)
				if len(names) == 0 || names[len(names)-1][1] != len(tail) {
					break
				}
				n := names[len(names)-1]
				f := proseLookup(group, cl.text[n[0]:n[1]])
				if f == nil {
					break
				}
				found, at = []*model.Field{f}, cl.start+n[0]
			}
			if len(found) == 0 {
				if ci == len(clauses)-1 {
					continue
				}
				break
			}
			for _, f := range found {
				picked[f] = true
			}
			firstAt = at
			// "与X" relates X to self: no list continues to the left.
			if proseConnective(strings.TrimRightFunc(sentence[cl.start:at], unicode.IsSpace)) {
				break
			}
		}
		if firstAt < 0 {
			continue
		}
		// "和X不能同时为空" in self's description means self and X.
		if self != nil && !picked[self] {
			if hasSelf || proseConnective(strings.TrimRightFunc(sentence[:firstAt], unicode.IsSpace)) {
				picked[self] = true
			}
		}
		if len(picked) < 2 {
			continue
		}
		c := model.Constraint{Kind: model.AtLeastOneOf, Section: string(model.Request)}
		for _, f := range group {
			if picked[f] {
				c.Fields = append(c.Fields, prefix+f.Name)
			}
		}
		// The text: from the clause that names the first field to the end of the phrase's clause.
		from := firstAt
		if i := strings.LastIndexAny(sentence[:firstAt], "，,"); i >= 0 {
			_, n := utf8.DecodeRuneInString(sentence[i:])
			from = i + n
		} else {
			from = 0
		}
		if self != nil && picked[self] && proseSelfRE.MatchString(sentence) {
			from = 0
		}
		end := m[1]
		if i := strings.IndexAny(text[end:], proseStops+"，,"); i >= 0 {
			end += i
		} else {
			end = len(text)
		}
		c.Text = strings.TrimSpace(text[sentStart+from : end])
		out = append(out, c)
	}
	return out
}

// proseConnective reports whether s ends in "and"/"with": 和, 与, 跟, 同, 或.
func proseConnective(s string) bool {
	for _, c := range []string{"和", "与", "跟", "同", "或"} {
		if strings.HasSuffix(s, c) {
			return true
		}
	}
	return false
}

// proseClause is a comma-separated piece of a sentence.
type proseClause struct {
	start int
	text  string
}

func proseClauses(s string) []proseClause {
	var out []proseClause
	start := 0
	for i, r := range s {
		if r == ',' || r == '，' {
			out = append(out, proseClause{start, s[start:i]})
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, proseClause{start, s[start:]})
}

// proseLookup finds the field a name in prose refers to: its wire name, or
// the same name in camelCase ("outerId" for outer_id).
func proseLookup(group []*model.Field, name string) *model.Field {
	for _, f := range group {
		if f.Name == name {
			return f
		}
	}
	norm := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	if len(norm) < 2 {
		return nil
	}
	for _, f := range group {
		if strings.ToLower(strings.ReplaceAll(f.Name, "_", "")) == norm {
			return f
		}
	}
	return nil
}
