package parser

import "github.com/topgen/topgen/model"

// parseText reads the text of a doc page, as copied from the rendered page.
func parseText(file string, data []byte) (*model.API, Problems, Problems) {
	return nil, nil, Problems{{File: file, Msg: "text pages: not implemented yet"}}
}
