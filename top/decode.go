package top

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
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

// decodeJSON decodes a JSON response body. With simplify the top-level
// object is the response; otherwise the value of the key ending in
// "_response" is (or the whole object when there is no such key).
// error_response yields *Error.
func (c *Client) decodeJSON(method string, data []byte, simplify bool, resp any) error {
	it := objIter{data: data}
	var inner []byte
	found := false
	for it.next() {
		if string(it.key) == "error_response" {
			var eb errorBody
			if err := json.Unmarshal(it.val, &eb); err != nil {
				return &DecodeError{Method: method, Format: FormatJSON, Excerpt: excerpt(data), Err: err}
			}
			return eb.toError(method)
		}
		if !simplify && !found && bytes.HasSuffix(it.key, []byte("_response")) {
			inner, found = it.val, true
		}
	}
	if it.err != nil {
		return &DecodeError{Method: method, Format: FormatJSON, Excerpt: excerpt(data), Err: it.err}
	}
	if rest := skipWS(data, it.pos); rest != len(data) {
		return &DecodeError{Method: method, Format: FormatJSON, Excerpt: excerpt(data), Err: errors.New("trailing data after top-level object")}
	}
	if resp == nil {
		return nil
	}
	target := data
	if found {
		target = inner
	}
	if err := c.unmarshal(target, resp); err != nil {
		return &DecodeError{Method: method, Format: FormatJSON, Excerpt: excerpt(data), Err: err}
	}
	return nil
}

// decodeXML decodes an XML response body whose root element is the
// response (or error_response).
func decodeXML(method string, data []byte, resp any) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("no root element")
			}
			return &DecodeError{Method: method, Format: FormatXML, Excerpt: excerpt(data), Err: err}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local == "error_response" {
			var eb errorBody
			if err := dec.DecodeElement(&eb, &se); err != nil {
				return &DecodeError{Method: method, Format: FormatXML, Excerpt: excerpt(data), Err: err}
			}
			return eb.toError(method)
		}
		if resp == nil {
			return dec.Skip()
		}
		if err := dec.DecodeElement(resp, &se); err != nil {
			return &DecodeError{Method: method, Format: FormatXML, Excerpt: excerpt(data), Err: err}
		}
		return nil
	}
}
