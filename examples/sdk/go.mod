module github.com/topgen/topgen/examples/sdk

go 1.26

tool github.com/topgen/topgen/cmd/topgen

require (
	github.com/stretchr/testify v1.12.1
	github.com/topgen/topgen v0.0.0
)

require (
	github.com/PuerkitoBio/goquery v1.13.0 // indirect
	github.com/andybalholm/cascadia v1.3.4 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

// This example lives inside topgen's repository; an SDK repository of your
// own pins a released version with "go get -tool github.com/topgen/topgen/cmd/topgen@latest"
// and has no replace.
replace github.com/topgen/topgen => ../..
