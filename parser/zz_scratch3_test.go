package parser

import (
	"os"
	"testing"
)

func TestZZSlow(t *testing.T) {
	d, _ := os.ReadFile(os.Getenv("F"))
	for i := 0; i < 3; i++ {
		parseText("p", d)
	}
}
