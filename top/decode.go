package top

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
)

// errorBody is the payload of error_response in JSON and XML.
type errorBody struct {
	Code      Int    `json:"code" xml:"code"`
	Msg       string `json:"msg" xml:"msg"`
	SubCode   string `json:"sub_code" xml:"sub_code"`
	SubMsg    string `json:"sub_msg" xml:"sub_msg"`
	RequestID string `json:"request_id" xml:"request_id"`
}

func (b *errorBody) toError(method string) *Error {
	return &Error{
		Method:    method,
		Code:      int(b.Code),
		Msg:       b.Msg,
		SubCode:   b.SubCode,
		SubMsg:    b.SubMsg,
		RequestID: b.RequestID,
	}
}

// decodeFailure returns err as a *DecodeError of data, or as is when it is
// the error of ctx, which has ended.
func decodeFailure(ctx context.Context, method string, format Format, data []byte, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return err
	}
	return &DecodeError{Method: method, Format: format, Excerpt: excerpt(data), Err: err}
}

// decodeJSONContext decodes a JSON response body into resp (a pointer to
// a struct; nil only checks the body). error_response yields *Error.
// Otherwise the body is, as in the Java SDK's converters, the first
// member of the top-level object that is an object and whose key ends in
// "_response" (or the whole object when there is none); with simplify it
// is the top-level object itself — unless that object holds a
// "<method>_response" object that resp has no field for, as Alibaba's own
// simplify samples do. Decoding stops with ctx's error when ctx ends.
func (c *Client) decodeJSONContext(ctx context.Context, method string, data []byte, simplify bool, resp any) error {
	fail := func(err error) error { return decodeFailure(ctx, method, FormatJSON, data, err) }
	rv := reflect.ValueOf(resp)
	var fields *decPlan // of the struct resp points to
	if resp != nil {
		if rv.Kind() != reflect.Pointer || rv.IsNil() {
			return fail(errors.New("top: the response must be a non-nil pointer"))
		}
		plan, err := decPlanFor(&c.dplans, rv.Elem().Type())
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
		if err = decodeInto(ctx, &c.dplans, errBody, reflect.ValueOf(&eb).Elem()); err == nil {
			return eb.toError(method)
		}
	case resp != nil && body != nil:
		err = decodeInto(ctx, &c.dplans, body, rv.Elem())
	case resp != nil:
		err = decodeInto(ctx, &c.dplans, data, rv.Elem())
	}
	if err != nil {
		return fail(err)
	}
	return nil
}

// decodeXMLContext decodes an XML response body whose root element is
// the response (or error_response). Decoding stops with ctx's error when
// ctx ends.
func decodeXMLContext(ctx context.Context, method string, data []byte, resp any) error {
	fail := func(err error) error { return decodeFailure(ctx, method, FormatXML, data, err) }
	var r io.Reader = bytes.NewReader(data)
	if ctx.Done() != nil {
		r = ctxReader{ctx, r}
	}
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			err = errors.New("no root element")
		}
		se, ok := tok.(xml.StartElement)
		switch {
		case err != nil:
		case !ok:
			continue
		case se.Name.Local == "error_response":
			var eb errorBody
			if err = dec.DecodeElement(&eb, &se); err == nil {
				return eb.toError(method)
			}
		case resp == nil:
			err = dec.Skip()
		default:
			err = dec.DecodeElement(resp, &se)
		}
		if err != nil {
			return fail(err)
		}
		return nil
	}
}

// ctxReader fails with its context's error once the context has ended
// (the XML decoder reads it through a 4 KiB buffer).
type ctxReader struct {
	ctx context.Context
	io.Reader
}

// Read implements io.Reader.
func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.Reader.Read(p)
}
