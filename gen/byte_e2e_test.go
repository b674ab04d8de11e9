package gen

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// byteAPI is a hand-written model with a TOP byte (java.lang.Byte) at the
// top level of the request, inside a request object and a list of them,
// and in the response at the top level, in an object and as a list.
func byteAPI() *model.API {
	return &model.API{
		Method: "taobao.xhotel.byte.demo",
		Title:  "byte end to end",
		Source: model.Source{File: "taobao.xhotel.byte.demo.txt", Format: "text", SHA256: "0"},
		Request: []*model.Field{
			{Name: "status", Type: "byte", Description: "酒店状态 0:正常，-1:删除，-2:停售"},
			{Name: "room", Type: "RoomDTO", Fields: []*model.Field{
				{Name: "o_status", Type: "byte"},
				{Name: "name", Type: "String"},
			}},
			{Name: "rooms", Type: "RoomDTO", List: true, Fields: []*model.Field{
				{Name: "o_status", Type: "byte"},
			}},
		},
		Response: []*model.Field{
			{Name: "status", Type: "byte"},
			{Name: "room", Type: "RoomVO", Fields: []*model.Field{
				{Name: "status", Type: "byte"},
			}},
			{Name: "codes", Type: "byte", List: true},
		},
	}
}

// byteE2ETest runs inside the generated package: the generated client is
// called against the fake gateway, and the generated Validate is checked.
const byteE2ETest = `package bytesdk

import (
	"context"
	"errors"
	"testing"

	"github.com/topgen/topgen/top"
	"github.com/topgen/topgen/top/toptest"
)

func ptr(v int64) *int64 { return &v }

func TestByteOnTheWire(t *testing.T) {
	var body string
	gw := toptest.New("secret", func(*toptest.Request) (string, []byte) { return "application/json", []byte(body) })
	defer gw.Close()
	req := &TaobaoXhotelByteDemoRequest{
		Status: ptr(-2),
		Room:   &TaobaoXhotelByteDemoRequest_Room{OStatus: ptr(-2), Name: "r"},
		Rooms:  []TaobaoXhotelByteDemoRequest_Rooms{{OStatus: ptr(-2)}, {OStatus: ptr(127)}},
	}
	for _, tc := range []struct {
		name, body string
		opts       []top.Option
		status     int64
		room       int64
		codes      []int64
	}{
		{"json", ` + "`" + `{"xhotel_byte_demo_response":{"status":-1,"room":{"status":"-2"},"codes":{"number":[-1,"0",127]},"request_id":"rid"}}` + "`" + `, nil, -1, -2, []int64{-1, 0, 127}},
		{"simplify", ` + "`" + `{"status":-1}` + "`" + `, []top.Option{top.WithSimplify(true)}, -1, 0, nil},
		{"simplify wrapped", ` + "`" + `{"xhotel_byte_demo_response":{"status":-128,"room":{"status":127},"codes":[-1]}}` + "`" + `, []top.Option{top.WithSimplify(true)}, -128, 127, []int64{-1}},
		{"xml", ` + "`" + `<xhotel_byte_demo_response><status>-1</status><room><status>-2</status></room><codes><number>-1</number></codes></xhotel_byte_demo_response>` + "`" + `, []top.Option{top.WithFormat(top.FormatXML)}, -1, -2, []int64{-1}},
	} {
		body = tc.body
		c := top.NewClient("12345678", "secret", append([]top.Option{top.WithGateway(gw.URL)}, tc.opts...)...)
		resp, err := Client{Client: c}.TaobaoXhotelByteDemo(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := gw.Last()
		if !got.SignOK {
			t.Errorf("%s: bad signature", tc.name)
		}
		// Top level: the decimal text; inside objects: a JSON number.
		for k, want := range map[string]string{
			"status": "-2",
			"room":   ` + "`" + `{"o_status":-2,"name":"r"}` + "`" + `,
			"rooms":  ` + "`" + `[{"o_status":-2},{"o_status":127}]` + "`" + `,
		} {
			if got.Params[k] != want {
				t.Errorf("%s: param %s = %q, want %q", tc.name, k, got.Params[k], want)
			}
		}
		if len(got.Files) != 0 {
			t.Errorf("%s: a byte went as a file part: %v", tc.name, got.Files)
		}
		if int64(resp.Status) != tc.status {
			t.Errorf("%s: status = %d, want %d", tc.name, resp.Status, tc.status)
		}
		var room int64
		if resp.Room != nil {
			room = int64(resp.Room.Status)
		}
		if room != tc.room {
			t.Errorf("%s: room.status = %d, want %d", tc.name, room, tc.room)
		}
		var codes []int64
		for _, c := range resp.Codes {
			codes = append(codes, int64(c))
		}
		if len(codes) != len(tc.codes) {
			t.Errorf("%s: codes = %v, want %v", tc.name, codes, tc.codes)
		}
		for i := range min(len(codes), len(tc.codes)) {
			if codes[i] != tc.codes[i] {
				t.Errorf("%s: codes = %v, want %v", tc.name, codes, tc.codes)
			}
		}
	}
}

func TestByteValidate(t *testing.T) {
	ok := &TaobaoXhotelByteDemoRequest{Status: ptr(-128), Room: &TaobaoXhotelByteDemoRequest_Room{OStatus: ptr(127)}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("-128 and 127 are bytes: %v", err)
	}
	bad := &TaobaoXhotelByteDemoRequest{
		Status: ptr(128),
		Room:   &TaobaoXhotelByteDemoRequest_Room{OStatus: ptr(-129)},
		Rooms:  []TaobaoXhotelByteDemoRequest_Rooms{{OStatus: ptr(0)}, {OStatus: ptr(1000)}},
	}
	var ve *top.ValidationError
	if !errors.As(bad.Validate(), &ve) {
		t.Fatalf("Validate() = %v, want a *top.ValidationError", bad.Validate())
	}
	want := []top.FieldError{
		{Path: "status", Rule: top.RuleMaxValue, Message: "value 128 is greater than maximum 127"},
		{Path: "room.o_status", Rule: top.RuleMinValue, Message: "value -129 is less than minimum -128"},
		{Path: "rooms[1].o_status", Rule: top.RuleMaxValue, Message: "value 1000 is greater than maximum 127"},
	}
	if len(ve.Errors) != len(want) {
		t.Fatalf("errors = %v, want %v", ve.Errors, want)
	}
	for i := range want {
		if ve.Errors[i] != want[i] {
			t.Errorf("error %d = %+v, want %+v", i, ve.Errors[i], want[i])
		}
	}
	// The client refuses the request before anything is sent.
	gw := toptest.New("secret", nil)
	defer gw.Close()
	c := top.NewClient("12345678", "secret", top.WithGateway(gw.URL))
	if _, err := (Client{Client: c}).TaobaoXhotelByteDemo(context.Background(), bad); !errors.As(err, &ve) {
		t.Errorf("call error = %v, want a *top.ValidationError", err)
	}
}
`

// TestByteEndToEnd generates a package from byteAPI, and runs a test in it
// against the fake gateway: a byte request value -2 is sent as the text
// "-2" at the top level and as the JSON number -2 inside objects (never a
// file part, never base64), 128 and -129 are refused by Validate with the
// field's path, and a response {"status":-1} decodes (JSON with numbers
// and numeric strings, simplify, XML).
func TestByteEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated code with the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	files, err := Generate([]*model.API{byteAPI()}, Options{Package: "bytesdk"})
	require.NoError(t, err)
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	tmp := t.TempDir()
	gomod := "module bytecheck\n\ngo 1.26\n\nrequire github.com/topgen/topgen v0.0.0\n\nreplace github.com/topgen/topgen => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644))
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(tmp, filepath.Base(f.Path)), f.Content, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "byte_test.go"), []byte(byteE2ETest), 0o644))
	cmd := exec.Command(goTool, "test", "-count=1", "-v", ".")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Run(), "the generated package's byte test failed:\n%s", out.String())
	require.Contains(t, out.String(), "--- PASS: TestByteOnTheWire")
	require.Contains(t, out.String(), "--- PASS: TestByteValidate")
}
