// Package diff implements `topgen diff`: it compares two versions of TOP
// API models and says which doc changes break SDK users, for pull-request
// review.
//
// Models are compared, not their text: spelling variants the parser
// normalises ("String []" vs "String[]") are no change. APIs are paired by
// method name, fields by name within their parent (document order is not a
// finding), nested objects recursively, so a type used in several places
// is reported at each path. The Go rules compare the generated exported
// identifiers of both versions (the generator's plan, gen.Plan) by path and kind, so what the
// report says matches the code; a Go break that a field finding already
// reports (a removed field, a changed type) is not reported twice.
//
// # Command
//
//	topgen diff [flags] OLD NEW          two models, two pages or two folders
//	topgen diff [flags] --git REF [PATH] models under PATH (default specs/) at REF vs the working tree
//
// Flags: --format text|markdown|json|github, --fail-on
// breaking|warning|info, --ignore FILE, --json-out FILE (also write the
// full JSON report there), -C DIR (run as if in DIR). Exit
// status: 0, or 1 when a finding at or above --fail-on is reported and
// not ignored; 2 on errors (unreadable input, bad flags, bad ignore file).
// Output is sorted by API, severity (breaking first), path and rule.
//
// The markdown format (templates/diff.md.tmpl) is a pull-request comment:
// a summary first (counts by severity, APIs affected, findings and APIs
// per rule), then every API with a breaking finding in full, then the APIs
// with warnings and those with info only, each in a collapsed <details>
// table, then the ignored findings. It never exceeds 65,536 characters
// (one GitHub comment): it stops before the API that would not fit, never
// inside one, and ends with a note saying how many APIs and findings it
// left out and where the full JSON report is (--json-out FILE). Alibaba's
// own changeDiff of an API, when known, is shown beside its findings.
//
// The github format writes workflow annotations (::error for breaking,
// ::warning for warning findings, with the model file and line) and one
// summary line; info findings are only counted in that line.
//
// # Findings
//
// Each finding has a rule id, the API (method), a field path within its
// section (request or response; empty for API-level rules), a severity
// (breaking > warning > info), whom it breaks (wire: callers of the HTTP
// API; go: Go code written against the generated SDK; both; none) and a
// one-line message, old → new.
//
//	rule                          severity  breaks  meaning
//	api-removed                   breaking  both    the API is gone
//	api-added                     info      none    a new API
//	session-required              breaking  wire    the API now needs a session key
//	session-dropped               info      none    the API no longer needs a session key
//	request-field-removed         breaking  both    a request parameter was removed
//	request-type-changed          breaking  both    scalar kind, scalar↔object or list↔single changed;
//	                                                breaks wire only when the Go type is unchanged
//	request-field-now-required    breaking  wire    optional → required
//	request-field-added-required  breaking  wire    a new required parameter
//	request-field-added           info      none    a new optional parameter
//	request-field-now-optional    info      none    required → optional
//	max-length-decreased          warning   wire    max_length lowered
//	max-length-added              warning   wire    max_length added
//	max-list-size-decreased       warning   wire    max_list_size lowered
//	max-list-size-added           warning   wire    max_list_size added
//	min-value-raised              warning   wire    min_value raised
//	min-value-added               warning   wire    min_value added
//	max-value-lowered             warning   wire    max_value lowered
//	max-value-added               warning   wire    max_value added
//	limit-loosened                info      none    a request limit raised (lowered for min_value) or removed
//	request-enum-value-removed    warning   wire    an enumerated request value removed; breaking/both
//	                                                when its generated Go constant disappears
//	request-enum-value-added      info      none    an enumerated request value added
//	constraint-added              warning   wire    an at_least_one_of rule added
//	constraint-removed            info      none    an at_least_one_of rule removed
//	response-field-removed        breaking  both    a response field was removed
//	response-type-changed         breaking  both    as request-type-changed, for a response field
//	response-field-added          info      none    a new response field
//	response-enum-value-added     warning   none    callers switching on the values may miss it (not
//	                                                reported when the old field listed no values)
//	response-enum-value-removed   info      none    an enumerated response value removed
//	go-identifier-renamed         breaking  go      a generated exported identifier was renamed
//	go-identifier-removed         breaking  go      a generated exported identifier was removed
//	go-type-changed               breaking  go      a generated field's Go type changed, the wire did not
//	                                                (top-level request Number[] ↔ String[], response
//	                                                Json/Price ↔ String, an enum alias's base type)
//	top-type-renamed              info      none    a nested object's TOP type name changed (not only
//	                                                its case); Go names follow paths, so none change
//	description-changed           info      none    the API's or a field's description changed
//	stale-ignore                  warning   none    an --ignore entry matched no finding
//
// Limits (max_length, max_list_size, min_value, max_value) are compared on
// request fields only. rules.go holds this table.
//
// # Ignore file
//
// --ignore FILE reads a YAML list of accepted findings:
//
//	# specs/diff-ignore.yaml
//	- rule: request-field-removed        # required
//	  api: alibaba.nlife.b2c.trade.pay   # optional; * matches any run of characters
//	  path: request fund_bill_list[].id  # optional; bare or section-qualified; *
//	  reason: removed upstream, see #123 # required
//
// A matched finding is kept in the json report with "ignored": true and
// left out of the other formats and of --fail-on. An entry that matches
// nothing is reported as a stale-ignore warning.
//
// # JSON report
//
// --format json writes one object (schema version 1):
//
//	{
//	  "version": 1,                    // SchemaVersion
//	  "old": "specs-old", "new": "specs", // what was compared ("REF:PATH" with --git)
//	  "summary": {"breaking": 1, "warning": 0, "info": 2, "ignored": 0},
//	                                   // counts exclude ignored findings
//	  "findings": [{                   // sorted: api, severity, section+path, rule, message
//	    "rule": "request-field-removed",
//	    "severity": "breaking",         // breaking | warning | info
//	    "breaks": "both",               // wire | go | both | none
//	    "api": "alibaba.nlife.b2c.trade.pay",
//	    "section": "request",           // request | response; absent for API-level findings
//	    "path": "fund_bill_list[].id",  // absent for API-level findings
//	    "message": "request field removed (was String, optional)",
//	    "old": "String, optional",      // optional: the old value
//	    "new": "",                      // optional: the new value
//	    "file": "specs/alibaba.nlife.b2c.trade.pay.yaml", // NEW's file (OLD's when gone)
//	    "line": 12,                     // optional: the field's line in that model
//	    "ignored": true,                // optional
//	    "ignore_reason": "…"            // optional
//	  }],
//	  "change_diffs": {                // optional: Alibaba's changeDiff, by API
//	    "taobao.trade.get": {"modified": "2023-10-12 10:31:05",
//	      "input": ["[-] biz_type"], "output": ["[+] data->results->tp_order_id"]}
//	  }
//	}
//
// Fields marked optional are omitted when empty.
package diff
