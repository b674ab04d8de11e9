package parser

import "github.com/topgen/topgen/model"

// parseJSON reads the doc site's getDocument.json (whole response or its data object).
func parseJSON(file string, data []byte) (*model.API, Problems, Problems) {
	return nil, nil, Problems{{File: file, Msg: "JSON pages: not implemented yet"}}
}
