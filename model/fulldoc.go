package model

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// SessionNeed says whether a call needs a user session key: the full doc's
// labels 必须用户授权 (required), 可选授权 (optional) and 不需用户授权 (none).
type SessionNeed string

// The session needs. The zero value is SessionNone.
const (
	// SessionNone: the API takes no user session.
	SessionNone SessionNeed = ""
	// SessionRequired: the API refuses calls without a user session.
	SessionRequired SessionNeed = "required"
	// SessionOptional: the API accepts a user session; the client sends one when given.
	SessionOptional SessionNeed = "optional"
)

// UnmarshalYAML reads required, optional or none, and the older booleans
// (true is required, false none).
func (s *SessionNeed) UnmarshalYAML(n *yaml.Node) error {
	v := strings.TrimSpace(n.Value)
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(v) {
		case "required", "true":
			*s = SessionRequired
			return nil
		case "optional":
			*s = SessionOptional
			return nil
		case "none", "false", "":
			*s = SessionNone
			return nil
		}
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: session %q: want required, optional or none", n.Line, v)}}
}

// NeedsSession reports whether a call must carry a user session key.
func (a *API) NeedsSession() bool { return a.Session == SessionRequired }

// ChangeDiff is the doc site's own change log of an API (changeDiff): the
// fields added ([+]), removed ([-]) or changed ([*]) at its last change,
// as paths like "data->results->tp_order_id".
type ChangeDiff struct {
	// Modified is the change's time in epoch milliseconds (gmtModified).
	Modified int64 `yaml:"modified,omitempty"`
	// Request lists the request changes (inputDiff), verbatim.
	Request []string `yaml:"request,omitempty"`
	// Response lists the response changes (outputDiff), verbatim.
	Response []string `yaml:"response,omitempty"`
}
