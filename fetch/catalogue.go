package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Entry is one API of the catalogue.
type Entry struct {
	// DocID is the id getDocument.json takes.
	DocID int64
	// Method is the API method name.
	Method string
	// Title is the catalogue's Chinese name of the API.
	Title string
}

// Category is one category of the catalogue.
type Category struct {
	// ID is the category id, the stable key of its folder.
	ID int64
	// Name is the category's display name.
	Name string
	// Entries are the category's APIs in catalogue order.
	Entries []Entry
}

// catalogue fetches getApiCatelogConfig.json and returns its categories.
func (c *client) catalogue(ctx context.Context) ([]*Category, error) {
	q := url.Values{}
	for _, kv := range [][2]string{{"scopeId", ""}, {"treeId", ""}, {"docId", "285"}, {"docType", "2"}, {"tag", ""}} {
		q.Set(kv[0], kv[1])
	}
	data, err := c.get(ctx, "/handler/document/getApiCatelogConfig.json", q, "catalogue")
	if err != nil {
		return nil, err
	}
	return parseCatalogue(data)
}

// parseCatalogue reads the catalogue's data object. A category listed under
// several groups is merged; an API listed twice is kept once.
func parseCatalogue(data json.RawMessage) ([]*Category, error) {
	var raw struct {
		TreeCategories []struct {
			CatelogTrees []struct {
				ID          json.Number `json:"id"`
				Name        string      `json:"name"`
				CatelogList []struct {
					DocID   json.Number `json:"docId"`
					DocType json.Number `json:"docType"`
					Name    string      `json:"name"`
					SubName string      `json:"subName"`
				} `json:"catelogList"`
			} `json:"catelogTrees"`
		} `json:"treeCategories"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("catalogue: %v: want data.treeCategories[].catelogTrees[].catelogList[]", err)
	}
	var out []*Category
	byID := map[int64]*Category{}
	seen := map[string]bool{}
	for gi, g := range raw.TreeCategories {
		for ti, t := range g.CatelogTrees {
			id, err := strconv.ParseInt(string(t.ID), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("catalogue: treeCategories[%d].catelogTrees[%d].id is %q: want a number", gi, ti, t.ID)
			}
			cat := byID[id]
			if cat == nil {
				cat = &Category{ID: id, Name: strings.TrimSpace(t.Name)}
				byID[id] = cat
				out = append(out, cat)
			}
			for ei, e := range t.CatelogList {
				if dt := string(e.DocType); dt != "" && dt != "2" {
					continue // not an API document
				}
				doc, err := strconv.ParseInt(string(e.DocID), 10, 64)
				method := strings.TrimSpace(e.Name)
				if err != nil || method == "" {
					return nil, fmt.Errorf("catalogue: category %d entry %d: want a numeric docId and a method name, got docId %q name %q", id, ei, e.DocID, e.Name)
				}
				if seen[method] {
					continue
				}
				seen[method] = true
				cat.Entries = append(cat.Entries, Entry{DocID: doc, Method: method, Title: strings.TrimSpace(e.SubName)})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("catalogue lists no category: want data.treeCategories[].catelogTrees[]")
	}
	return out, nil
}
