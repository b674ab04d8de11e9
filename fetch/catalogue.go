package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// entry is one API of the catalogue.
type entry struct {
	// DocID is the id getDocument.json takes.
	DocID int64
	// Method is the API method name.
	Method string
	// Title is the catalogue's Chinese name of the API.
	Title string
}

// category is one category of the catalogue.
type category struct {
	// ID is the category id, the stable key of its folder.
	ID int64
	// Name is the category's display name.
	Name string
	// Entries are the category's APIs in catalogue order.
	Entries []entry
}

// catalogue fetches getApiCatelogConfig.json's data object.
func (c *client) catalogue(ctx context.Context) (json.RawMessage, error) {
	q := url.Values{}
	for _, kv := range [][2]string{{"scopeId", ""}, {"treeId", ""}, {"docId", "285"}, {"docType", "2"}, {"tag", ""}} {
		q.Set(kv[0], kv[1])
	}
	return c.get(ctx, "/handler/document/getApiCatelogConfig.json", q, "catalogue")
}

// parseCatalogue reads the catalogue's data object. A category listed under
// several groups is merged; an API listed twice is kept once.
func parseCatalogue(data json.RawMessage) ([]*category, error) {
	var raw struct {
		TreeCategories []struct {
			CatelogTrees []struct {
				ID          json.RawMessage `json:"id"`
				Name        string          `json:"name"`
				CatelogList []struct {
					DocID   json.RawMessage `json:"docId"`
					DocType json.RawMessage `json:"docType"`
					Name    string          `json:"name"`
					SubName string          `json:"subName"`
				} `json:"catelogList"`
			} `json:"catelogTrees"`
		} `json:"treeCategories"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("catalogue: %v: want data.treeCategories[].catelogTrees[].catelogList[]", err)
	}
	var out []*category
	byID := map[int64]*category{}
	seen := map[string]bool{}
	for gi, g := range raw.TreeCategories {
		for ti, t := range g.CatelogTrees {
			id, err := number(t.ID)
			if err != nil {
				return nil, fmt.Errorf("catalogue: treeCategories[%d].catelogTrees[%d].id is %s: want a number", gi, ti, t.ID)
			}
			cat := byID[id]
			if cat == nil {
				cat = &category{ID: id, Name: strings.TrimSpace(t.Name)}
				byID[id] = cat
				out = append(out, cat)
			}
			for ei, e := range t.CatelogList {
				if dt, err := number(e.DocType); err == nil && dt != 2 {
					continue // not an API document
				}
				doc, err := number(e.DocID)
				method := strings.TrimSpace(e.Name)
				if err != nil || method == "" {
					return nil, fmt.Errorf("catalogue: category %d entry %d: want a numeric docId and a method name, got docId %s name %q", id, ei, e.DocID, e.Name)
				}
				if seen[method] {
					continue
				}
				seen[method] = true
				cat.Entries = append(cat.Entries, entry{DocID: doc, Method: method, Title: strings.TrimSpace(e.SubName)})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("catalogue lists no category: want data.treeCategories[].catelogTrees[]")
	}
	return out, nil
}

// number reads an id written as a number or a numeric string.
func number(raw json.RawMessage) (int64, error) {
	return strconv.ParseInt(strings.Trim(string(raw), `"`), 10, 64)
}
