package replay

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// bar draws "name [#####.....] 50% 1500/3000 850/s" on one terminal line,
// redrawn at most ten times a second.
type bar struct {
	w     io.Writer
	name  string
	total int
	now   func() time.Time
	start time.Time
	drawn time.Time
}

func newBar(w io.Writer, name string, total int, now func() time.Time) *bar {
	t := now()
	return &bar{w: w, name: name, total: max(total, 0), now: now, start: t}
}

func (b *bar) update(n int) {
	if b.w == nil {
		return
	}
	t := b.now()
	if t.Sub(b.drawn) < 100*time.Millisecond && n < b.total {
		return
	}
	b.drawn = t
	fmt.Fprintf(b.w, "\r%s", b.line(n, t))
}

func (b *bar) line(n int, t time.Time) string {
	const width = 30
	frac := 1.0
	if b.total > 0 {
		frac = min(float64(n)/float64(b.total), 1)
	}
	fill := int(frac * width)
	rate := 0.0
	if d := t.Sub(b.start).Seconds(); d > 0 {
		rate = float64(n) / d
	}
	return fmt.Sprintf("replay %s [%s%s] %3.0f%% %d/%d %.0f/s", b.name,
		strings.Repeat("#", fill), strings.Repeat(".", width-fill), frac*100, n, b.total, rate)
}

func (b *bar) done(n, sent, bad int) {
	if b.w == nil {
		return
	}
	fmt.Fprintf(b.w, "\r%s\nreplay %s: %d records, %d mentions handed on, %d skipped as malformed\n",
		b.line(n, b.now()), b.name, n, sent, bad)
}
