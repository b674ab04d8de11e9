// Package generated holds the Go SDK that topgen generates from the doc
// pages and models in specs/: one package per group of APIs (nlife, damai,
// diantao). The code is committed; tests in this folder drive every
// generated method against a fake TOP gateway.
//
// Regenerate after editing a page in specs/ (parse refreshes the models,
// gen rewrites only the files whose bytes changed):
//
//	go generate ./generated
package generated

//go:generate go run ../cmd/topgen parse ../specs
//go:generate go run ../cmd/topgen gen -o . ../specs
