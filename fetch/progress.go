package fetch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports a run: a bar redrawn in place on a terminal, plain log
// lines (events, and a status line every 100 documents) elsewhere.
type progress struct {
	w        io.Writer
	terminal bool
	total    int
	done     int
	began    time.Time
	lastBar  time.Time
	barShown bool
}

func newProgress(w io.Writer, terminal bool) *progress {
	return &progress{w: w, terminal: terminal, began: time.Now()}
}

func (p *progress) start(total int) {
	p.total, p.began = total, time.Now()
	if !p.terminal {
		fmt.Fprintf(p.w, "fetching %d docs\n", total)
	}
}

// logf prints an event line (above the bar on a terminal).
func (p *progress) logf(format string, args ...any) {
	if p.terminal && p.barShown {
		fmt.Fprint(p.w, "\r\033[K")
		p.barShown = false
	}
	fmt.Fprintf(p.w, format+"\n", args...)
}

// step counts one document done; event, if any, is logged.
func (p *progress) step(event string, requests, retries int) {
	p.done++
	if event != "" {
		p.logf("%s", event)
	}
	if p.terminal {
		if now := time.Now(); now.Sub(p.lastBar) >= 100*time.Millisecond || p.done == p.total {
			p.lastBar = now
			fmt.Fprint(p.w, "\r\033[K"+p.bar(requests, retries))
			p.barShown = true
		}
		return
	}
	if p.done%100 == 0 && p.done < p.total {
		fmt.Fprintln(p.w, p.status(requests, retries))
	}
}

func (p *progress) finish(requests, retries int) {
	if p.terminal {
		if p.barShown {
			fmt.Fprintln(p.w)
			p.barShown = false
		}
		return
	}
	fmt.Fprintln(p.w, p.status(requests, retries))
}

// status is "123/4327 docs, 1.9 req/s, ETA 35m12s, 2 retries".
func (p *progress) status(requests, retries int) string {
	el := time.Since(p.began)
	rate := 0.0
	if el > 0 {
		rate = float64(requests) / el.Seconds()
	}
	eta := "?"
	if p.done > 0 && p.done <= p.total {
		per := el / time.Duration(p.done)
		eta = (per * time.Duration(p.total-p.done)).Round(time.Second).String()
	}
	return fmt.Sprintf("%d/%d docs, %.1f req/s, ETA %s, %d retries", p.done, p.total, rate, eta, retries)
}

// bar is "[=======>      ]  45% 123/4327 docs, 1.9 req/s, ETA 35m12s, 2 retries".
func (p *progress) bar(requests, retries int) string {
	const width = 30
	frac := 1.0
	if p.total > 0 {
		frac = float64(p.done) / float64(p.total)
	}
	n := int(frac * width)
	b := strings.Repeat("=", n)
	if n < width {
		b += ">" + strings.Repeat(" ", width-n-1)
	}
	return fmt.Sprintf("[%s] %3.0f%% %s", b, frac*100, p.status(requests, retries))
}
