package top

// Generated code checks at compile time that this runtime is recent
// enough, as protobuf-go's does: client_gen.go holds
// "const _ = top.RequireRuntime1", naming the version it needs. A runtime
// keeps the constant of every version up to its own, so code generated for
// a newer runtime fails to compile with "undefined: top.RequireRuntimeN":
// upgrade github.com/topgen/topgen then.
const (
	// RuntimeVersion is the version of this runtime package.
	RuntimeVersion = 1
	// RequireRuntime1 is referenced by code generated for runtime version 1.
	RequireRuntime1 = 1
)
