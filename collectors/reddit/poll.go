package reddit

import (
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

// listing is one polled listing and its cursor: the newest creation time
// handed on and the fullnames created at that second.
type listing struct {
	c      *Collector
	name   string
	path   string
	emit   collectors.Emit
	cursor *collectors.Cursor
	state  cursorState
}

type cursorState struct {
	Created float64  `json:"created_utc"`
	Names   []string `json:"names"`
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
			if err := l.poll(ctx); err != nil {
				return err
			}
			r.Success()
			if err := pol.Wait(ctx, l.c.cfg.Interval); err != nil {
				return nil
			}
		}
	})
}

// poll pages back from the newest item to the cursor, then emits the new
// items oldest first, saving the cursor after each.
func (l *listing) poll(ctx context.Context) error {
	var fresh []Thing
	after := ""
	first := l.state.Created == 0 // without a cursor, read one page only
	for page := 0; page < l.c.cfg.MaxPages; page++ {
		ls, err := l.fetch(ctx, after)
		if err != nil {
			return err
		}
		done := false
		for _, th := range ls.Data.Children {
			l.c.deps.Metrics.Received(Source)
			if (th.Kind != "t3" && th.Kind != "t1") || th.Data.ID == "" || th.Data.CreatedUTC == 0 ||
				!strings.HasPrefix(th.Data.Name, th.Kind+"_") {
				l.c.deps.Metrics.Dropped(Source, collectors.DropMalformed)
				continue
			}
			if th.Data.CreatedUTC < l.state.Created {
				done = true
				break
			}
			if th.Data.CreatedUTC == l.state.Created && slices.Contains(l.state.Names, th.Data.Name) {
				l.c.deps.Metrics.Dropped(Source, collectors.DropDuplicate)
				continue
			}
			fresh = append(fresh, th)
		}
		after = ls.Data.After
		if done || after == "" || first {
			break
		}
	}
	slices.SortStableFunc(fresh, func(a, b Thing) int {
		if a.Data.CreatedUTC != b.Data.CreatedUTC {
			if a.Data.CreatedUTC < b.Data.CreatedUTC {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Data.Name, b.Data.Name)
	})
	for i := range fresh {
		if err := l.hand(ctx, &fresh[i]); err != nil {
			return err
		}
	}
	return nil
}

func (l *listing) hand(ctx context.Context, th *Thing) error {
	if err := l.emit(ctx, mention(th)); err != nil {
		return backoff.Permanent(err)
	}
	if th.Data.CreatedUTC > l.state.Created {
		l.state = cursorState{Created: th.Data.CreatedUTC}
	}
	l.state.Names = append(l.state.Names, th.Data.Name)
	return l.cursor.Save(ctx, l.state)
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
