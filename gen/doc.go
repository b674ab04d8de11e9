// Package gen generates Go SDK code for TOP APIs from topgen models, with
// github.com/dave/jennifer.
//
// Like protoc-gen-go it works in two steps. [Plan] computes every Go name
// and type of one API (an [APIPlan], also used by the diff command through
// [APIPlan.Idents]); small emitters then render the plans with jennifer,
// which manages the imports and gofmts the result. Output is deterministic:
// the same models give byte-identical files whatever the input order.
//
// # Files
//
// Each API gets its own file, <method with '.' → '_'>_gen.go, so a changed
// doc page changes one file; each package also gets client_gen.go with the
// Client type and NewClient. [Generate] puts APIs into the package named by
// [GroupOf] (the method's second segment) unless [Options.Package] is set;
// [GenerateGroups] takes explicit groups. Every file starts with [Header].
// [Write] updates an output tree: only changed files are rewritten (through
// a temporary file and a rename), stale generated files are removed, and
// hand-written files are never touched.
//
// # Names
//
// An API's identifiers depend only on that API, never on the other APIs of
// its package or on input order. Two APIs of one package that would declare
// the same identifier (or file) are an error.
//
//   - The API's Go name comes from its method: split at '.', '_' and
//     camelCase boundaries, each part capitalised, golint's initialisms in
//     capitals: alibaba.nlife.b2c.trade.pay → AlibabaNlifeB2cTradePay. The
//     client method has that name; the types are <Api>Request and
//     <Api>Response.
//   - Stability rule: a Go identifier depends only on the wire at its
//     path — the method, the section and the wire names along the path
//     (and, for a constant, the value). Field order, TOP type names,
//     descriptions, enum labels and other uses of a TOP type never change
//     a name.
//   - Object types are named after their path: <Owner>_<Field>, Owner the
//     struct holding the field and Field its Go name, so request.a.b[] is
//     <Api>Request_A_B and response.x is <Api>Response_X. Every use of an
//     object is its own type, even when the TOP type is shared. All nested
//     names start with <Api>Request_ or <Api>Response_ and so cannot
//     collide with another API's names.
//   - An object type without sub-fields is raw JSON (top.JSON).
//   - Field names come from the wire name (snake_case or camelCase) the
//     same way; a leading digit gets an X prefix; a name without ASCII
//     letters or digits becomes Field<CRC32 of the wire name>; a name equal
//     to a method of the struct (Validate, EncodeParams on requests) gets a trailing '_'.
//     Distinct wire names that give the same Go name are numbered 2, 3, …
//     in the byte order of the wire names (not document order). A wire
//     name listed twice in one object generates only its first field: a
//     key occurs once on the wire, so the repeats could never be sent or
//     decoded.
//   - An enumerated String or Number field gets an alias type
//     <Owner>_<Field> = string (int64 for request numbers, top.Int for
//     response numbers) and constants <Owner>_<Field>_<VALUE>, the value
//     reduced to letters (any script), digits and underscores (a leading
//     '-' becomes Neg; a value with none of them is spelled in hex, X2B),
//     with the label as comment: keyed by value, so rewording the labels
//     keeps every constant. Values that reduce alike are numbered in the
//     byte order of the values. The field's
//     type is the alias, so adding or removing an enum never changes what
//     the field accepts. Non-integer values of numeric enums are skipped.
//
// # Types
//
// Request fields never depend on "required": String → string, Number →
// *int64, Boolean → *bool, Date → time.Time, Price/BigDecimal →
// top.Decimal, Json → top.JSON, Map → map[string]any, byte[] → *top.File,
// byte (java.lang.Byte) → *int64 within -128..127, object →
// *<Owner>_<Field>; lists are slices (objects by value, files as
// []*top.File). Top-level request fields carry no tags; fields of request
// objects are tagged json:"name,omitempty". Inside request objects (sent
// as JSON) a Date is top.Time (TOP layout, omitzero) and a file is []byte
// (base64).
//
// Every generated struct starts with the zero-size field _ [0]func()
// (protobuf-go's DoNotCompare): the types are not comparable, so the
// compiler emits no equality function per type.
//
// Requests have Validate: explicit checks of the documented limits and
// at-least-one-of rules through top.Validator's typed helpers, descending
// into request objects through their unexported check methods (emitted
// only for objects with something to check), reporting every violation
// and allocating nothing when valid. EncodeParams adds the parameters to
// top.Params in wire-name order; request objects, lists of them and maps
// go through the runtime's JSON encoder. top.Client calls both through
// top.Request. Responses end with RequestID (TOP's request_id) unless the
// doc lists a request_id field.
//
// Response fields: String → string, Number → top.Int, Boolean → top.Bool,
// Date → top.Time, Price/BigDecimal → top.Decimal, Json/Map → top.JSON,
// file → string, object → *<Owner>_<Field>, lists → top.List[T] (objects by
// value), tagged json:"name,omitempty" xml:"name,omitempty".
//
// # Untrusted text
//
// Descriptions, titles, labels and examples become // comment lines only:
// line breaks (including \r, U+2028 and U+2029) start a new comment line,
// and control, format (bidi) and private-use characters are dropped, so no
// text can leave its comment. Values and wire names go through jennifer's
// Lit and Tag (quoted); a wire name containing a comma, space, quote,
// backslash or control character is an error.
package gen
