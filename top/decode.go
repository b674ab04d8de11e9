package top

import (
	"bytes"
	"context"
	"encoding"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// errorBody is the payload of error_response.
type errorBody struct {
	Code      Int    `json:"code"`
	Msg       string `json:"msg"`
	SubCode   string `json:"sub_code"`
	SubMsg    string `json:"sub_msg"`
	RequestID string `json:"request_id"`
}

func (b *errorBody) toError(method string) *Error {
	return &Error{Method: method, Code: int(b.Code), Msg: b.Msg, SubCode: b.SubCode, SubMsg: b.SubMsg, RequestID: b.RequestID}
}

// decodeFailure wraps err in a *DecodeError of data, unless it is ctx's error.
func decodeFailure(ctx context.Context, method string, format Format, data []byte, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return err
	}
	return &DecodeError{Method: method, Format: format, Excerpt: excerpt(data), Err: err}
}

// decodeJSON decodes a JSON response body into resp (a pointer to a
// struct; nil only checks the body); error_response yields *Error. As in
// the Java SDK, the body is the top-level object's first object member
// whose key ends in "_response", else the whole object; with simplify, the
// whole object unless it holds such a member that resp has no field for
// (Alibaba's own simplify samples do). Decoding stops when ctx ends.
func decodeJSON(ctx context.Context, plans *typeCache, method string, data []byte, simplify bool, resp any) error {
	fail := func(err error) error { return decodeFailure(ctx, method, FormatJSON, data, err) }
	var rv reflect.Value // what resp points to
	var fields *decPlan  // of that struct
	if resp != nil {
		var err error
		if rv, err = target(resp); err != nil {
			return fail(err)
		}
		plan, err := decPlanFor(plans, rv.Type())
		if err != nil {
			return fail(err)
		}
		fields = plan.obj
	}
	d := &jsonDecoder{ctx: ctx, data: data}
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return fail(errors.New("the response is not a JSON object"))
	}
	var body, errBody []byte
	end, err := d.each(i, 0, func(key []byte, vs int) (int, error) {
		ve, err := d.skip(vs, 1)
		key = unquote(nil, key)
		switch {
		case err != nil || data[vs] != '{':
		case string(key) == "error_response":
			errBody = data[vs:ve]
		case body == nil && bytes.HasSuffix(key, []byte("_response")) && (!simplify || fields == nil || fields.field(string(key)) == nil):
			body = data[vs:ve]
		}
		return ve, err
	})
	if err == nil && skipWS(data, end) != len(data) {
		err = errors.New("trailing data after the top-level object")
	}
	switch {
	case err != nil:
	case errBody != nil:
		var eb errorBody
		if err = decodeInto(ctx, plans, errBody, reflect.ValueOf(&eb).Elem()); err == nil {
			return eb.toError(method)
		}
	case resp != nil && body != nil:
		err = decodeInto(ctx, plans, body, rv)
	case resp != nil: // no <method>_response: the whole object
		err = decodeInto(ctx, plans, data, rv)
	}
	if err != nil {
		return fail(err)
	}
	return nil
}

// decodeXML decodes an XML response body whose root element is the
// response (or error_response) into resp (nil only checks for an error)
// by the JSON decoder's plans: a struct's child elements are its fields
// (by json name), each child of a list is an element, and scalars decode
// their text. Other elements, attributes and comments are skipped.
// Decoding stops with ctx's error when ctx ends.
func decodeXML(ctx context.Context, plans *typeCache, method string, data []byte, resp any) error {
	x := &xmlDecoder{ctx: ctx, d: xml.NewDecoder(bytes.NewReader(data))}
	var eb errorBody
	isErr, err := x.root(plans, &eb, resp)
	if err != nil {
		return decodeFailure(ctx, method, FormatXML, data, err)
	} else if isErr {
		return eb.toError(method)
	}
	return nil
}

type xmlDecoder struct {
	ctx   context.Context
	d     *xml.Decoder
	steps int
}

// root decodes the root element into resp, or into eb when it is an
// error_response (isErr).
func (x *xmlDecoder) root(plans *typeCache, eb *errorBody, resp any) (isErr bool, err error) {
	for {
		tok, err := x.d.Token()
		if err == io.EOF {
			return false, errors.New("no root element")
		} else if err != nil {
			return false, err
		}
		if se, ok := tok.(xml.StartElement); !ok {
			continue
		} else if isErr = se.Name.Local == "error_response"; isErr {
			resp = eb
		} else if resp == nil {
			return false, x.d.Skip()
		}
		rv, err := target(resp)
		if err != nil {
			return isErr, err
		}
		p, err := decPlanFor(plans, rv.Type())
		if err == nil {
			err = x.element(p, rv, 0)
		}
		return isErr, err
	}
}

// element decodes the element just started, up to its end, into v.
func (x *xmlDecoder) element(p *decPlan, v reflect.Value, depth int) error {
	if depth >= maxJSONDepth {
		return fmt.Errorf("XML nested deeper than %d levels", maxJSONDepth)
	}
	if p.kind == pPointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		p, v = p.elem, v.Elem()
	}
	if p.kind == pSlice {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	}
	var text []byte
	for {
		tok, err := x.d.Token()
		if err != nil {
			return err
		}
		if x.steps++; x.steps&255 == 0 && x.ctx.Err() != nil {
			return x.ctx.Err()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch f := p.field(t.Name.Local); {
			case f != nil:
				err = x.element(f.plan, v.Field(f.index), depth+1)
			case p.kind == pSlice: // grown in place, as the JSON decoder does
				n := v.Len()
				v.Grow(1)
				v.SetLen(n + 1)
				err = x.element(p.elem, v.Index(n), depth+1)
			default:
				err = x.d.Skip()
			}
			if err != nil {
				return err
			}
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			if p.kind == pString {
				v.SetString(string(text))
			} else if p.kind == pText {
				return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(text)
			}
			return nil
		}
	}
}
