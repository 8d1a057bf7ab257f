package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// backfill reads the REST timeline (or notifications) newer than the
// cursor, paging back with max_id, and hands the items on oldest first.
// Without a cursor it reads back to deps.Since, or nothing when that is
// zero (a first start follows the stream from now).
func (s *stream) backfill(ctx context.Context) error {
	since := s.c.deps.Since
	if s.state.LastID == "" && since.IsZero() {
		return nil
	}
	var statuses []Status
	var notes []Notification
	maxID := ""
	for page := 0; page < s.c.cfg.BackfillPages; page++ {
		q := url.Values{"limit": {"40"}}
		if s.state.LastID != "" {
			q.Set("since_id", s.state.LastID)
		}
		if maxID != "" {
			q.Set("max_id", maxID)
		}
		n, oldest, done, err := s.page(ctx, q, &statuses, &notes, since)
		if err != nil {
			return err
		}
		if n == 0 || done {
			break
		}
		maxID = oldest
	}
	slices.Reverse(statuses)
	slices.Reverse(notes)
	for i := range statuses {
		if err := s.hand(ctx, s.c.statusMention(&statuses[i]), statuses[i].ID); err != nil {
			return err
		}
	}
	for i := range notes {
		if err := s.hand(ctx, s.c.notificationMention(&notes[i]), notes[i].ID); err != nil {
			return err
		}
	}
	return nil
}

// page fetches one page, appends what is newer than since, and returns the
// number of items, the oldest id and whether since was passed.
func (s *stream) page(ctx context.Context, q url.Values, statuses *[]Status, notes *[]Notification, since time.Time) (int, string, bool, error) {
	sep := "?"
	if strings.Contains(s.restPath, "?") {
		sep = "&"
	}
	req, err := http.NewRequest(http.MethodGet, s.c.url(s.restPath+sep+q.Encode()), nil)
	if err != nil {
		return 0, "", false, err
	}
	s.authorize(req)
	what := "mastodon: backfill " + s.name
	if s.notifications() {
		var page []Notification
		if _, err := getJSON(ctx, s, req, what, &page); err != nil {
			return 0, "", false, err
		}
		done := false
		for _, n := range page {
			if n.CreatedAt.Before(since) && s.state.LastID == "" {
				done = true
				continue
			}
			*notes = append(*notes, n)
		}
		return len(page), oldestID(len(page), func(i int) string { return page[i].ID }), done, nil
	}
	var page []Status
	if _, err := getJSON(ctx, s, req, what, &page); err != nil {
		return 0, "", false, err
	}
	done := false
	for _, st := range page {
		if st.CreatedAt.Before(since) && s.state.LastID == "" {
			done = true
			continue
		}
		*statuses = append(*statuses, st)
	}
	return len(page), oldestID(len(page), func(i int) string { return page[i].ID }), done, nil
}

func oldestID(n int, id func(int) string) string {
	oldest := ""
	for i := range n {
		if oldest == "" || newer(oldest, id(i)) {
			oldest = id(i)
		}
	}
	return oldest
}
