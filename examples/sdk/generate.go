// Package sdk is an example SDK repository built with topgen: doc pages in
// docs/ (one folder per category), the maintainer's fixes in overlays/,
// the reviewed models in models/ and the generated Go packages in sdk/.
//
// Regenerate after changing a doc or an overlay:
//
//	go generate ./...
package sdk

//go:generate go tool topgen parse
//go:generate go tool topgen gen
