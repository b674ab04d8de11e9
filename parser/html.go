package parser

import "github.com/topgen/topgen/model"

// parseHTML reads a doc page saved from a browser.
func parseHTML(file string, data []byte) (*model.API, Problems, Problems) {
	return nil, nil, Problems{{File: file, Msg: "HTML pages: not implemented yet"}}
}
