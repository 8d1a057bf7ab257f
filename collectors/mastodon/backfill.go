package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
)

// fill waits for a connection to open, then walks the REST timeline (or
// notifications) back from the newest item to the cursor, handing each
// page on as it arrives and saving the walk after it. An error ends the
// attempt with the walk saved; the retry resumes it at the page it was.
func (s *stream) fill(ctx context.Context, r *backoff.Retrier) error {
	for {
		if !s.walking() {
			select {
			case <-ctx.Done():
				return nil
			case floor := <-s.kick:
				s.startWalk(floor)
			}
		}
		for s.walking() {
			if err := s.page(ctx); err != nil {
				return err
			}
			r.Success()
		}
	}
}

func (s *stream) walking() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Walk != nil
}

// startWalk begins a walk down to floor ("": back to deps.Since).
func (s *stream) startWalk(floor string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Walk = &walk{SinceID: floor}
}

// page fetches the walk's next page, hands its items on and saves the
// walk, ending it on an empty page, past deps.Since or after
// BackfillPages pages.
func (s *stream) page(ctx context.Context) error {
	s.mu.Lock()
	w := *s.state.Walk
	s.mu.Unlock()
	q := url.Values{"limit": {"40"}}
	if w.SinceID != "" {
		q.Set("since_id", w.SinceID)
	}
	if w.MaxID != "" {
		q.Set("max_id", w.MaxID)
	}
	sep := "?"
	if strings.Contains(s.restPath, "?") {
		sep = "&"
	}
	req, err := http.NewRequest(http.MethodGet, s.c.url(s.restPath+sep+q.Encode()), nil)
	if err != nil {
		return backoff.Permanent(err)
	}
	s.authorize(req)
	items, err := s.fetch(ctx, req)
	if err != nil {
		return err
	}
	since := s.c.deps.Since
	past := false
	for _, it := range slices.Backward(items) { // a page is newest first
		if w.SinceID == "" && it.at.Before(since) {
			past = true
			continue
		}
		if err := s.hand(ctx, it.m, it.key, ""); err != nil {
			return err
		}
	}
	for _, it := range items {
		if newer(it.top, w.Top) {
			w.Top = it.top
		}
		if w.MaxID == "" || newer(w.MaxID, it.bottom) {
			w.MaxID = it.bottom
		}
	}
	w.Pages++
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Walk = &w
	if len(items) == 0 || past || w.Pages >= s.c.cfg.BackfillPages {
		if newer(w.Top, s.state.LastID) {
			s.state.LastID = w.Top
		}
		s.state.Walk = nil
	}
	return s.cursor.Save(ctx, s.state)
}

// fetch reads one page as items: statuses, notifications, or grouped
// notifications expanded to one item per sample account.
func (s *stream) fetch(ctx context.Context, req *http.Request) ([]item, error) {
	what := "mastodon: backfill " + s.name
	switch {
	case !s.notifications():
		var page []Status
		if _, err := getJSON(ctx, s, req, what, &page); err != nil {
			return nil, err
		}
		out := make([]item, len(page))
		for i := range page {
			st := &page[i]
			out[i] = item{s.c.statusMention(st), statusKey(st), st.ID, st.ID, st.CreatedAt}
		}
		return out, nil
	case s.c.cfg.GroupedNotifications:
		var res GroupedNotifications
		if _, err := getJSON(ctx, s, req, what, &res); err != nil {
			return nil, err
		}
		return s.c.groupItems(&res), nil
	}
	var page []Notification
	if _, err := getJSON(ctx, s, req, what, &page); err != nil {
		return nil, err
	}
	out := make([]item, len(page))
	for i := range page {
		n := &page[i]
		out[i] = item{s.c.notificationMention(n), "n:" + n.ID, n.ID, n.ID, n.CreatedAt}
	}
	return out, nil
}

// item is one thing a backfill page yields: its mention (nil when not
// kept), its duplicate key, the ids that bound it for paging, and when it
// happened.
type item struct {
	m           *socialcrm.Mention
	key         string
	top, bottom string
	at          time.Time
}
