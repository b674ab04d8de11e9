package parser

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/topgen/topgen/model"
)

func TestZZHang(t *testing.T) {
	paths, _ := filepath.Glob("../specs/*.txt")
	var seedsB [][]byte
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		seedsB = append(seedsB, b)
	}
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 3000; iter++ {
		d := append([]byte(nil), seedsB[rng.Intn(len(seedsB))]...)
		for k := 0; k < 1+rng.Intn(5); k++ {
			if len(d) < 2 {
				break
			}
			i, j := rng.Intn(len(d)), rng.Intn(len(d))
			if i > j {
				i, j = j, i
			}
			switch rng.Intn(4) {
			case 0:
				d[i] = byte(rng.Intn(256))
			case 1:
				d = append(d[:i], d[j:]...)
			case 2:
				d = append(d[:i:i], append(append([]byte(nil), d[i:j]...), d[i:]...)...)
			case 3:
				d = append(d[:i:i], append([]byte{'\n'}, d[i:]...)...)
			}
		}
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				os.WriteFile("/tmp/hang.txt", d, 0o644)
				fmt.Println("HANG at iter", iter)
				os.Exit(3)
			}
		}()
		start := time.Now()
		api, _, errs := parseText("p", d)
		t1 := time.Since(start)
		if len(errs) == 0 {
			api.Source = model.Source{File: "p", Format: "text", SHA256: "0"}
			enrich(api)
		}
		t2 := time.Since(start)
		close(done)
		if t2 > 200*time.Millisecond {
			fmt.Println("slow", iter, t1, t2)
			os.WriteFile(fmt.Sprintf("/tmp/slow%d.txt", iter), d, 0o644)
		}
	}
}
