package crm

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// timelineStore is what a timeline reads.
type timelineStore interface {
	socialcrm.MentionStore
	socialcrm.CaseStore
	socialcrm.ActivityStore
	socialcrm.AuditStore
	socialcrm.LeadStore
	socialcrm.OpportunityStore
	socialcrm.ContactMergeStore
}

// Timeline merges what happened on a record, newest first: its
// activities, the changes made to it (the audit trail), and for a contact
// their mentions and cases and the changes made to the contacts merged
// into it, for an account its contacts' mentions and its cases.
type Timeline struct {
	Store timelineStore
}

// MaxTimelinePage bounds a timeline page.
const MaxTimelinePage = 200

// maxFetch bounds what one source is asked for at once; past it, items
// of one time that do not fit are skipped.
const maxFetch = socialcrm.MaxActivityPage

// source returns up to limit items of one kind with At before until (no
// bound when zero), newest first, and whether there may be more.
type source func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error)

// Timeline returns up to limit items of the record's timeline that come after
// cursor (from the newest when nil), and the cursor of the next page (nil
// on the last page).
func (t *Timeline) Timeline(ctx context.Context, kind, id string, cursor *socialcrm.TimelineCursor, limit int) ([]socialcrm.TimelineItem, *socialcrm.TimelineCursor, error) {
	if limit < 1 || limit > MaxTimelinePage {
		return nil, nil, socialcrm.Invalidf("timeline limit %d is not within 1…%d", limit, MaxTimelinePage)
	}
	srcs := t.sources(kind, id)
	if kind == socialcrm.RecordContact { // the changes of the contacts merged into it
		ms, err := t.Store.FindContactMerges(ctx, id)
		if err != nil {
			return nil, nil, fmt.Errorf("crm: timeline of contact %q: %w", id, err)
		}
		for _, m := range ms {
			srcs = append(srcs, t.changes(kind, m.From))
		}
	}
	var items []socialcrm.TimelineItem
	for _, src := range srcs {
		got, err := fetchAfter(ctx, src, cursor, limit+1)
		if err != nil {
			return nil, nil, fmt.Errorf("crm: timeline of %s %q: %w", kind, id, err)
		}
		items = append(items, got...)
	}
	slices.SortFunc(items, socialcrm.CompareTimeline)
	if len(items) <= limit {
		return items, nil, nil
	}
	items = items[:limit]
	next := socialcrm.CursorOf(items[limit-1])
	return items, &next, nil
}

// fetchAfter returns up to n items of src that come after cursor. A
// source can only cut by time, so items at the cursor's own time are
// fetched and dropped, asking for more while they fill the answer.
func fetchAfter(ctx context.Context, src source, cursor *socialcrm.TimelineCursor, n int) ([]socialcrm.TimelineItem, error) {
	var until time.Time
	if cursor != nil {
		until = cursor.At.Add(time.Microsecond) // stores keep microseconds
	}
	for ask := n; ; ask *= 4 {
		got, more, err := src(ctx, until, ask)
		if err != nil {
			return nil, err
		}
		kept := got
		if cursor != nil {
			kept = slices.DeleteFunc(got, func(i socialcrm.TimelineItem) bool { return !cursor.After(i) })
		}
		if len(kept) >= n || !more || ask >= maxFetch {
			return kept[:min(n, len(kept))], nil
		}
	}
}

// sources lists the sources of a record's timeline.
func (t *Timeline) sources(kind, id string) []source {
	srcs := []source{t.activities(kind, id), t.changes(kind, id), t.conversions(kind, id), t.stageChanges(kind, id)}
	switch kind {
	case socialcrm.RecordContact:
		srcs = append(srcs, t.mentions(socialcrm.MentionFilter{ContactID: &id}), t.cases(socialcrm.CaseFilter{ContactID: &id}))
	case socialcrm.RecordAccount:
		srcs = append(srcs, t.mentions(socialcrm.MentionFilter{AccountID: &id}), t.cases(socialcrm.CaseFilter{AccountID: &id}))
	}
	return srcs
}

func (t *Timeline) activities(kind, id string) source {
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		limit = min(limit, socialcrm.MaxActivityPage)
		as, err := t.Store.FindActivities(ctx, socialcrm.ActivityFilter{RecordKind: kind, RecordID: id, Until: until, Limit: limit})
		items := make([]socialcrm.TimelineItem, len(as))
		for i, a := range as {
			items[i] = socialcrm.TimelineItem{At: a.CreatedAt, Kind: socialcrm.TimelineActivity, ID: a.ID,
				Title: activityTitle(a), Activity: a}
		}
		return items, len(as) == limit, err
	}
}

func activityTitle(a *socialcrm.Activity) string {
	if a.Subject != "" {
		return a.Subject
	}
	return shorten(a.Body, 80)
}

// changes are the audit entries of the record, but for the activities
// added to it, which the timeline shows themselves.
func (t *Timeline) changes(kind, id string) source {
	target := socialcrm.RecordPath(kind) + "/" + id
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		es, err := t.Store.FindAudit(ctx, socialcrm.AuditFilter{Target: target, Until: until, Limit: limit})
		var items []socialcrm.TimelineItem
		for _, e := range es {
			if strings.HasSuffix(e.Action, "/activities") {
				continue
			}
			items = append(items, socialcrm.TimelineItem{At: e.At, Kind: socialcrm.TimelineChange, ID: e.ID,
				Title: e.Action, Change: &socialcrm.RecordChange{Actor: e.Actor, Action: e.Action, Status: e.Status}})
		}
		return items, len(es) == limit, err
	}
}

// mentions are the mentions f selects: a contact's, or those of an
// account's contacts, read a page at a time from the store.
func (t *Timeline) mentions(f socialcrm.MentionFilter) source {
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		g := f
		g.Limit = min(limit, maxFetch)
		limit = g.Limit
		if !until.IsZero() {
			g.Until = &until
		}
		ms, _, err := t.Store.FindMentions(ctx, g)
		items := make([]socialcrm.TimelineItem, len(ms))
		for i, m := range ms {
			items[i] = socialcrm.TimelineItem{At: m.CreatedAt, Kind: socialcrm.TimelineMention, ID: m.ID,
				Title: shorten(m.Text, 80), Mention: m}
		}
		return items, len(ms) == limit, err
	}
}

// cases lists the openings and resolutions of the cases f selects; a
// record has few cases, so all are read and cut here.
func (t *Timeline) cases(f socialcrm.CaseFilter) source {
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		f.Limit = -1
		cs, _, err := t.Store.FindCases(ctx, f)
		var items []socialcrm.TimelineItem
		for _, c := range cs {
			title := c.Kind + " on " + c.Channel + ": " + c.Subject
			items = append(items, socialcrm.TimelineItem{At: c.OpenedAt, Kind: socialcrm.TimelineCaseOpened, ID: c.ID, Title: title, Case: c})
			if c.ResolvedAt != nil {
				items = append(items, socialcrm.TimelineItem{At: *c.ResolvedAt, Kind: socialcrm.TimelineCaseResolved, ID: c.ID, Title: title, Case: c})
			}
		}
		items = slices.DeleteFunc(items, func(i socialcrm.TimelineItem) bool { return !until.IsZero() && !i.At.Before(until) })
		slices.SortFunc(items, socialcrm.CompareTimeline)
		return items[:min(limit, len(items))], len(items) > limit, err
	}
}

// shorten cuts s to at most n characters, with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

var _ socialcrm.TimelineService = (*Timeline)(nil)
