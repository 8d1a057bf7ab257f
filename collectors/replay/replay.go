// Package replay imports historical mentions from a JSONL file (one raw
// mention a line, the mentions.raw format) or a CSV file with a header
// row, for backfill and demos, drawing a progress bar as it goes. The line
// reached is saved as a cursor, so an interrupted import resumes where it
// stopped.
package replay

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// Name is the collector name.
const Name = "replay"

// Config configures an import.
type Config struct {
	Path string `yaml:"path"`
	// Format is "jsonl" or "csv"; by default taken from the extension.
	Format string `yaml:"format"`
	// Rate paces the import in mentions per second; 0 is as fast as the
	// emit function takes them.
	Rate float64 `yaml:"rate"`
	// Restart ignores a saved position and imports the whole file again.
	Restart bool `yaml:"restart"`
	// Progress receives the progress bar (cmd passes stderr); nil for none.
	Progress io.Writer `yaml:"-"`
}

// Collector imports one file.
type Collector struct {
	cfg    Config
	deps   collectors.Deps
	cursor *collectors.Cursor
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	if cfg.Path == "" {
		return nil, socialcrm.Invalidf("replay: no path configured")
	}
	if cfg.Format == "" {
		switch strings.ToLower(filepath.Ext(cfg.Path)) {
		case ".csv":
			cfg.Format = "csv"
		default:
			cfg.Format = "jsonl"
		}
	}
	if cfg.Format != "jsonl" && cfg.Format != "csv" {
		return nil, socialcrm.Invalidf("replay: unknown format %q (want jsonl or csv)", cfg.Format)
	}
	if cfg.Rate < 0 {
		return nil, socialcrm.Invalidf("replay: rate must not be negative")
	}
	abs, err := filepath.Abs(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	return &Collector{cfg: cfg, deps: deps, cursor: deps.Cursor("replay:" + abs)}, nil
}

// Name returns "replay".
func (c *Collector) Name() string { return Name }

type cursorState struct {
	Line int `json:"line"` // lines handled
}

// Collect imports the file from the saved position and returns nil at its
// end; cancelling ctx stops it early, keeping the position.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	var st cursorState
	if !c.cfg.Restart {
		if _, err := c.cursor.Load(ctx, &st); err != nil {
			return err
		}
	}
	f, err := os.Open(c.cfg.Path)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	defer f.Close()
	total, err := countLines(f)
	if err != nil {
		return fmt.Errorf("replay: %s: %w", c.cfg.Path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	var rd reader
	if c.cfg.Format == "csv" {
		total-- // the header
		rd, err = newCSVReader(f)
	} else {
		rd = newJSONLReader(f)
	}
	if err != nil {
		return err
	}
	r := &run{c: c, emit: emit, bar: newBar(c.cfg.Progress, filepath.Base(c.cfg.Path), total, c.deps.Clock),
		line: st.Line, saved: st.Line, savedAt: c.deps.Clock()}
	err = r.loop(ctx, rd, st.Line)
	if serr := r.save(ctx, true); err == nil {
		err = serr
	}
	r.bar.done(r.line, r.sent, r.bad)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type reader interface {
	// next returns the next record's mention, or a decode error for that
	// record, or io.EOF.
	next() (*socialcrm.Mention, error)
}

type run struct {
	c         *Collector
	emit      collectors.Emit
	bar       *bar
	line      int // records handled
	sent, bad int
	saved     int // line of the last saved cursor
	savedAt   time.Time
}

func (r *run) loop(ctx context.Context, rd reader, skip int) error {
	start := r.c.deps.Clock()
	for n := 0; ; n++ {
		m, err := rd.next()
		if err == io.EOF {
			return nil
		}
		if n < skip {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.line++
		r.c.deps.Metrics.Received(Name)
		if err != nil {
			r.bad++
			r.c.deps.Metrics.Dropped(Name, collectors.DropMalformed)
			r.c.deps.Log(Name).Warn("skipping bad record", "path", r.c.cfg.Path, "line", r.line, "err", err)
		} else {
			if err := r.pace(ctx, start); err != nil {
				return err
			}
			if err := r.emit(ctx, m); err != nil {
				r.line-- // not handled: the next run starts with it
				return errors.Join(err, r.save(ctx, true))
			}
			r.sent++
		}
		if err := r.save(ctx, false); err != nil {
			return err
		}
		r.bar.update(r.line)
	}
}

// Cursor saves are batched: every saveEvery records or saveInterval, and
// when the import stops. A crash between saves hands on at most that many
// records again, which the pipeline's upserts by id absorb.
const (
	saveEvery    = 500
	saveInterval = time.Second
)

func (r *run) save(ctx context.Context, force bool) error {
	now := r.c.deps.Clock()
	if !force && r.line-r.saved < saveEvery && now.Sub(r.savedAt) < saveInterval {
		return nil
	}
	if r.line == r.saved {
		return nil
	}
	r.saved, r.savedAt = r.line, now
	return r.c.cursor.Save(context.WithoutCancel(ctx), cursorState{Line: r.line})
}

// pace waits until the next mention is due at the configured rate.
func (r *run) pace(ctx context.Context, start time.Time) error {
	if r.c.cfg.Rate <= 0 {
		return nil
	}
	due := start.Add(time.Duration(float64(r.sent) / r.c.cfg.Rate * float64(time.Second)))
	return r.c.deps.Policy.Wait(ctx, due.Sub(r.c.deps.Clock()))
}

// countLines counts records for the progress bar (a last line without a
// newline counts).
func countLines(f io.Reader) (int, error) {
	br := bufio.NewReaderSize(f, 64<<10)
	buf := make([]byte, 64<<10)
	n, last := 0, byte('\n')
	for {
		k, err := br.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF {
			if last != '\n' {
				n++
			}
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
