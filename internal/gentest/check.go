package gentest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/topgen/topgen/gen"
	"github.com/topgen/topgen/model"
)

var gmt8 = time.FixedZone("GMT+8", 8*3600)

// Check compares every value of the example nodes with the decoded Go
// response (a pointer to the struct that plan s describes, e.g.
// gen.Plan(api).Response) and returns one message per value that did not
// come back.
func Check(nodes []*Node, resp any, s *gen.StructPlan) []string {
	var errs []string
	checkStruct(reflect.ValueOf(resp), nodes, s, "", &errs)
	if name := gen.RequestIDName(s); name != "" {
		v := reflect.Indirect(reflect.ValueOf(resp))
		if f := v.FieldByName(name); !f.IsValid() || f.Kind() != reflect.String {
			errs = append(errs, fmt.Sprintf("request_id: no %s field in %s", name, v.Type()))
		} else if f.String() != RequestID {
			errs = append(errs, fmt.Sprintf("request_id: got %q, want %q", f.String(), RequestID))
		}
	}
	return errs
}

// RequestID is the request_id of every synthesized response.
const RequestID = "0ba4e3fd17049568416563158e"

// hasRequestID reports whether the doc lists a request_id field itself
// (then the synthesized response carries only the doc's).
func hasRequestID(nodes []*Node) bool {
	for _, n := range nodes {
		if n.Name == "request_id" {
			return true
		}
	}
	return false
}

func checkStruct(v reflect.Value, nodes []*Node, s *gen.StructPlan, path string, errs *[]string) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			*errs = append(*errs, fmt.Sprintf("%s: nil, want an object", strings.TrimSuffix(path, ".")))
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		*errs = append(*errs, fmt.Sprintf("%s: Go %s, want a struct", strings.TrimSuffix(path, "."), v.Type()))
		return
	}
	for _, n := range nodes {
		p := path + n.Name
		fp := planField(s, n.Name)
		if fp == nil {
			*errs = append(*errs, fmt.Sprintf("%s: not in the plan of %s", p, v.Type()))
			continue
		}
		fv := v.FieldByName(fp.Name)
		if !fv.IsValid() {
			*errs = append(*errs, fmt.Sprintf("%s: no Go field %s in %s", p, fp.Name, v.Type()))
			continue
		}
		checkValue(fv, n, fp, p, errs)
	}
}

// planField returns the field of s that carries the wire name (the first
// one: later repeats are not decoded).
func planField(s *gen.StructPlan, wire string) *gen.FieldPlan {
	if s == nil {
		return nil
	}
	for _, fp := range s.Fields {
		if fp.Field.Name == wire && !fp.Repeat {
			return fp
		}
	}
	return nil
}

func checkValue(fv reflect.Value, n *Node, fp *gen.FieldPlan, p string, errs *[]string) {
	f := n.Field
	switch {
	case n.Odd == OddScalarString || n.Odd == OddScalarNumber:
		// An object served as a scalar: Java leaves it unset.
		if !fv.IsZero() {
			*errs = append(*errs, fmt.Sprintf("%s: served as %s, got %v, want it unset", p, n.Odd, fv))
		}
	case f.List && !n.Item:
		if fv.Kind() != reflect.Slice {
			*errs = append(*errs, fmt.Sprintf("%s: Go %s, want a list", p, fv.Type()))
			return
		}
		if fv.Len() != len(n.Kids) {
			how := ""
			if n.Odd != OddNone {
				how = " (served as " + n.Odd.String() + ")"
			}
			*errs = append(*errs, fmt.Sprintf("%s: %d items, want %d%s", p, fv.Len(), len(n.Kids), how))
			return
		}
		for i, it := range n.Kids {
			checkValue(fv.Index(i), it, fp, fmt.Sprintf("%s[%d]", p, i), errs)
		}
	case isObject(f):
		checkStruct(fv, n.Kids, fp.Object, p+".", errs)
	default:
		got, ok := scalarText(fv)
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: cannot read Go %s", p, fv.Type()))
			return
		}
		if n.Odd != OddNone && got != n.Text {
			// An odd shape's expectation is exact: the Java converter's text.
			*errs = append(*errs, fmt.Sprintf("%s: served as %s, got %q, want %q", p, n.Odd, got, n.Text))
		} else if !sameScalar(f, got, n.Text) {
			*errs = append(*errs, fmt.Sprintf("%s: got %q, want %q", p, got, n.Text))
		}
	}
}

type timeLike interface {
	In(*time.Location) time.Time
}

func scalarText(v reflect.Value) (string, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", true
		}
		v = v.Elem()
	}
	if v.CanInterface() {
		if t, ok := v.Interface().(timeLike); ok {
			tt := t.In(gmt8)
			if tt.IsZero() {
				return "", true
			}
			return tt.Format(time.DateTime), true
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return string(v.Bytes()), true
		}
	}
	return "", false
}

func sameScalar(f *model.Field, got, want string) bool {
	if got == want {
		return true
	}
	kind := model.ScalarKind(f.Type)
	if kind == model.KindObject { // an object type without sub-fields: raw JSON
		kind = model.KindJSON
	}
	switch kind {
	case model.KindDate:
		if ms, err := strconv.ParseInt(want, 10, 64); err == nil {
			return got == time.UnixMilli(ms).In(gmt8).Format(time.DateTime)
		}
	case model.KindJSON, model.KindMap:
		var a, b any
		if json.Unmarshal([]byte(got), &a) == nil && json.Unmarshal([]byte(want), &b) == nil {
			return reflect.DeepEqual(a, b)
		}
	}
	return false
}

// Fill sets every field of a generated request (a pointer to the struct
// that plan s describes, e.g. gen.Plan(api).Request) to a valid sample
// value from the model: the example where there is one. Lists get one
// item, objects are filled recursively. Fields that repeat a wire name
// are left alone (they are never sent).
func Fill(req any, s *gen.StructPlan) error {
	return fillStruct(reflect.ValueOf(req), s, "")
}

func fillStruct(v reflect.Value, s *gen.StructPlan, path string) error {
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("%s: want a pointer to a struct, got %s", path, v.Type())
	}
	v = v.Elem()
	for _, fp := range s.Fields {
		if fp.Repeat {
			continue
		}
		fv := v.FieldByName(fp.Name)
		if !fv.IsValid() {
			return fmt.Errorf("%s%s: no Go field %s in %s", path, fp.Field.Name, fp.Name, v.Type())
		}
		if err := fillValue(fv, fp, path+fp.Field.Name); err != nil {
			return err
		}
	}
	return nil
}

func fillValue(fv reflect.Value, fp *gen.FieldPlan, p string) error {
	t := fv.Type()
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		s := reflect.MakeSlice(t, 1, 1)
		if err := fillOne(s.Index(0), fp, p+"[0]"); err != nil {
			return err
		}
		fv.Set(s)
		return nil
	default:
		return fillOne(fv, fp, p)
	}
}

func fillOne(fv reflect.Value, fp *gen.FieldPlan, p string) error {
	f := fp.Field
	t := fv.Type()
	if t.Kind() == reflect.Pointer {
		nv := reflect.New(t.Elem())
		if t.Elem().Kind() == reflect.Struct && t.Elem().Name() == "File" {
			nv.Elem().FieldByName("Name").SetString("example.bin")
			nv.Elem().FieldByName("Content").SetBytes([]byte("file-bytes-of-" + f.Name))
			fv.Set(nv)
			return nil
		}
		if err := fillOne(nv.Elem(), fp, p); err != nil {
			return err
		}
		fv.Set(nv)
		return nil
	}
	if t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Anonymous && t.Field(0).Type == reflect.TypeOf(time.Time{}) {
		fv = fv.Field(0) // top.Time embeds time.Time
		t = fv.Type()
	}
	if t.Kind() == reflect.Struct && t != reflect.TypeOf(time.Time{}) {
		if fp.Object == nil {
			return fmt.Errorf("%s: Go %s without an object plan", p, t)
		}
		return fillStruct(fv.Addr(), fp.Object, p+".")
	}
	if model.KindOf(f) == model.KindFile && t.Kind() == reflect.Slice {
		fv.SetBytes([]byte("file-bytes-of-" + f.Name)) // a file inside an object
		return nil
	}
	val := SampleValue(f)
	switch {
	case t == reflect.TypeOf(time.Time{}):
		tm, err := time.ParseInLocation(time.DateTime, val, gmt8)
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		fv.Set(reflect.ValueOf(tm))
	case t.Kind() == reflect.String:
		fv.SetString(val)
	case t.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		fv.SetInt(n)
	case t.Kind() == reflect.Bool:
		fv.SetBool(val == "true")
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		fv.SetBytes([]byte(val))
	case t.Kind() == reflect.Map:
		m := reflect.MakeMap(t)
		m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf("v"))
		fv.Set(m)
	default:
		return fmt.Errorf("%s: cannot fill Go %s", p, t)
	}
	return nil
}

// Params returns the business parameters a request filled by Fill must put
// on the wire, as text (object parameters as JSON text). File parameters
// are left out: they travel as multipart parts.
func Params(fields []*model.Field) map[string]string {
	out := map[string]string{}
	for _, f := range fields {
		switch {
		case model.KindOf(f) == model.KindFile:
		case isObject(f):
			b, _ := json.Marshal(jsonSample(f))
			out[f.Name] = string(b)
		default:
			out[f.Name] = SampleValue(f)
		}
	}
	return out
}

func jsonSample(f *model.Field) any {
	one := func() any {
		if !isObject(f) {
			return scalarJSON(f)
		}
		obj := map[string]any{}
		for _, c := range f.Fields {
			obj[c.Name] = jsonSample(c)
		}
		return obj
	}
	if f.List {
		return []any{one()}
	}
	return one()
}

func scalarJSON(f *model.Field) any {
	v := SampleValue(f)
	switch model.KindOf(f) {
	case model.KindNumber:
		return json.Number(v)
	case model.KindDecimal, model.KindJSON, model.KindObject:
		// The Java SDK writes Price/BigDecimal and Json as JSON strings.
		return v
	case model.KindBoolean:
		return v == "true"
	case model.KindMap:
		return json.RawMessage(v)
	case model.KindFile: // a file inside an object travels as base64 text
		return []byte("file-bytes-of-" + f.Name)
	}
	return v
}

// SameParam compares a received parameter with the expected one: equal
// text, or, for object and list parameters, equal JSON values (a JSON
// number and a string holding its digits differ).
func SameParam(got, want string) bool {
	if got == want {
		return true
	}
	if !strings.HasPrefix(want, "{") && !strings.HasPrefix(want, "[") {
		return false // a scalar: exactly its text (-2 is "-2", never "-2.0")
	}
	var a, b any
	if json.Unmarshal([]byte(got), &a) == nil && json.Unmarshal([]byte(want), &b) == nil {
		return reflect.DeepEqual(a, b)
	}
	return false
}

// ByteParams counts the byte (java.lang.Byte) fields of a request that
// Fill fills: top level (sent as decimal text) and inside objects (sent as
// JSON numbers).
func ByteParams(fields []*model.Field) (top, nested int) {
	var walk func(fs []*model.Field, depth int)
	walk = func(fs []*model.Field, depth int) {
		for _, f := range fs {
			switch {
			case isObject(f):
				walk(f.Fields, depth+1)
			case IsByte(f) && depth == 0:
				top++
			case IsByte(f):
				nested++
			}
		}
	}
	walk(fields, 0)
	return top, nested
}
