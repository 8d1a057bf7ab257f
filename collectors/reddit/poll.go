package reddit

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// listing is one polled listing and its cursor.
type listing struct {
	c      *Collector
	name   string
	path   string
	emit   collectors.Emit
	cursor *collectors.Cursor
	seen   *collectors.Seen
	state  cursorState
}

// cursorState is the floor (the newest creation time handed on and the
// fullnames created at that second) and the walk in progress: the after
// token of the page being read, the things of it handed on and the newest
// thing met, saved after each thing so that an error or a restart resumes
// at that page, never at the first.
type cursorState struct {
	Created float64  `json:"created_utc"`
	Names   []string `json:"names"`
	Walk    *walk    `json:"walk,omitempty"`
}

type walk struct {
	After     string   `json:"after,omitempty"`
	Pages     int      `json:"pages"`
	PageNames []string `json:"page_names,omitempty"`
	Top       float64  `json:"top"`
	TopNames  []string `json:"top_names,omitempty"`
}

func (l *listing) run(ctx context.Context) error {
	if _, err := l.cursor.Load(ctx, &l.state); err != nil {
		return err
	}
	if l.state.Created == 0 && !l.c.deps.Since.IsZero() {
		l.state.Created = float64(l.c.deps.Since.Unix())
	}
	r := l.c.deps.Retrier(Source, l.name)
	pol := l.c.deps.Policy
	return r.Run(ctx, func(ctx context.Context) error {
		for {
			if err := l.poll(ctx, r); err != nil {
				return err
			}
			if err := pol.Wait(ctx, l.c.cfg.Interval); err != nil {
				return nil
			}
		}
	})
}

// poll walks the listing from the newest thing back to the floor, page by
// page, handing each page on (oldest first) as it arrives. Without a floor
// it reads one page.
func (l *listing) poll(ctx context.Context, r *backoff.Retrier) error {
	if l.state.Walk == nil {
		l.state.Walk = &walk{}
	}
	for {
		w := l.state.Walk
		ls, err := l.fetch(ctx, w.After)
		if err != nil {
			return err
		}
		r.Success()
		things := ls.Data.Children
		slices.SortStableFunc(things, func(a, b Thing) int { return cmp.Compare(a.Data.CreatedUTC, b.Data.CreatedUTC) })
		past := false
		for i := range things {
			older, err := l.hand(ctx, &things[i])
			if err != nil {
				return err
			}
			past = past || older
		}
		w.After, w.Pages, w.PageNames = ls.Data.After, w.Pages+1, nil
		if past || w.After == "" || l.state.Created == 0 || w.Pages >= l.c.cfg.MaxPages {
			if w.Top > l.state.Created {
				l.state.Created, l.state.Names = w.Top, w.TopNames
			}
			l.state.Walk = nil
			return l.cursor.Save(ctx, l.state)
		}
		if err := l.cursor.Save(ctx, l.state); err != nil {
			return err
		}
	}
}

// hand emits one thing unless it is malformed, older than the floor (it
// then reports older) or handed on already, and notes it in the walk.
func (l *listing) hand(ctx context.Context, th *Thing) (older bool, err error) {
	met := l.c.deps.Metrics
	met.Received(Source)
	d := &th.Data
	if (th.Kind != "t3" && th.Kind != "t1") || d.ID == "" || d.CreatedUTC == 0 || !strings.HasPrefix(d.Name, th.Kind+"_") {
		met.Dropped(Source, collectors.DropMalformed)
		return false, nil
	}
	if d.CreatedUTC < l.state.Created {
		met.Dropped(Source, collectors.DropOld)
		return true, nil
	}
	w := l.state.Walk
	if d.CreatedUTC == l.state.Created && slices.Contains(l.state.Names, d.Name) || slices.Contains(w.PageNames, d.Name) || !l.seen.Add(d.Name) {
		met.Dropped(Source, collectors.DropDuplicate)
		return false, nil
	}
	if err := l.emit(ctx, mention(th)); err != nil {
		return false, backoff.Permanent(err)
	}
	w.PageNames = append(w.PageNames, d.Name)
	switch {
	case d.CreatedUTC > w.Top:
		w.Top, w.TopNames = d.CreatedUTC, []string{d.Name}
	case d.CreatedUTC == w.Top:
		w.TopNames = append(w.TopNames, d.Name)
	}
	return false, l.cursor.Save(ctx, l.state)
}

// fetch reads one page, waiting first when the rate limit is spent and
// refreshing the token once when it was refused.
func (l *listing) fetch(ctx context.Context, after string) (*Listing, error) {
	for try := 0; ; try++ {
		if err := l.c.waitLimit(ctx); err != nil {
			return nil, err
		}
		tok, err := l.c.tok.get(ctx)
		if err != nil {
			return nil, err
		}
		q := url.Values{"limit": {"100"}, "raw_json": {"1"}}
		if after != "" {
			q.Set("after", after)
		}
		sep := "?"
		if strings.Contains(l.path, "?") {
			sep = "&"
		}
		req, err := http.NewRequest(http.MethodGet, l.c.cfg.BaseURL+l.path+sep+q.Encode(), nil)
		if err != nil {
			return nil, backoff.Permanent(err)
		}
		req.Header.Set("Authorization", "bearer "+tok)
		req.Header.Set("User-Agent", l.c.cfg.UserAgent)
		var ls Listing
		h, err := collectors.GetJSON(ctx, l.c.deps.Client(), req, "reddit: "+l.name, &ls)
		l.c.noteLimit(h)
		if backoff.Status(err) == http.StatusUnauthorized && try == 0 {
			l.c.tok.reset()
			continue
		}
		if err != nil {
			return nil, err
		}
		return &ls, nil
	}
}

// noteLimit reads X-Ratelimit-Remaining and X-Ratelimit-Reset (seconds).
func (c *Collector) noteLimit(h http.Header) {
	if h == nil {
		return
	}
	rem, err1 := strconv.ParseFloat(h.Get("X-Ratelimit-Remaining"), 64)
	reset, err2 := strconv.ParseFloat(h.Get("X-Ratelimit-Reset"), 64)
	if err1 != nil || err2 != nil || rem >= 1 {
		return
	}
	c.mu.Lock()
	c.limitUntil = c.deps.Clock().Add(time.Duration(reset * float64(time.Second)))
	c.mu.Unlock()
}

func (c *Collector) waitLimit(ctx context.Context) error {
	c.mu.Lock()
	d := c.limitUntil.Sub(c.deps.Clock())
	c.limitUntil = time.Time{}
	c.mu.Unlock()
	if d <= 0 {
		return nil
	}
	c.deps.Log(Source).Info("rate limit spent, waiting", "wait", d)
	return c.deps.Policy.Wait(ctx, d)
}
