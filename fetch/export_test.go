package fetch

import (
	"fmt"
	"strings"
)

// ParseCatalogueForTest renders parseCatalogue's result as one line per
// category: "id name: docId method title, …".
func ParseCatalogueForTest(data []byte) ([]string, error) {
	cats, err := parseCatalogue(data)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cats {
		var es []string
		for _, e := range c.Entries {
			es = append(es, fmt.Sprintf("%d %s %s", e.DocID, e.Method, e.Title))
		}
		out = append(out, fmt.Sprintf("%d %s: %s", c.ID, c.Name, strings.Join(es, ", ")))
	}
	return out, nil
}
