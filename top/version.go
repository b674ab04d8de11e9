package top

// Generated code checks at compile time that this runtime is recent
// enough, as protobuf-go's generated code does: the client_gen.go that
// topgen writes in each package holds
//
//	const _ = top.RequireRuntime1
//
// naming the runtime version it needs. A runtime defines the constant of
// its own version and keeps every older one, so code generated for an
// older runtime still compiles, while code that needs a newer runtime
// than the top package it is built against fails to compile with
// "undefined: top.RequireRuntimeN": upgrade github.com/topgen/topgen
// (go get github.com/topgen/topgen@latest) rather than misbehave silently.

// RuntimeVersion is the version of this runtime package.
const RuntimeVersion = 1

// RequireRuntime1 is referenced by code generated for runtime version 1.
const RequireRuntime1 = 1
