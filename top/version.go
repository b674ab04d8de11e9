package top

// Generated code names the runtime version it needs (client_gen.go holds
// "const _ = top.RequireRuntime1"), as protobuf-go's does. A runtime keeps
// the constant of every version up to its own, so code generated for a
// newer one fails to compile with "undefined: top.RequireRuntimeN".
const (
	// RuntimeVersion is the version of this runtime package.
	RuntimeVersion = 1
	// RequireRuntime1 is referenced by code generated for runtime version 1.
	RequireRuntime1 = 1
)
