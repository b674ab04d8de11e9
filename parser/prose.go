package parser

import "github.com/topgen/topgen/model"

// enrich reads enums and cross-field constraints out of the descriptions.
func enrich(api *model.API) {}
