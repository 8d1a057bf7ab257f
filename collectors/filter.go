package collectors

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

// Filter turns what a collector emits into brand mentions: it fills the
// language, applies the tracking rules, drops duplicates and mentions
// older than Since, and stops after Limit mentions. A mention whose
// collector already set Brand (a brand account's notifications, a source
// rule tagged with the brand) keeps it; tombstones always pass so that
// deletions reach the store.
type Filter struct {
	Rules   *rules.Set     // nil: every mention passes without a brand
	Lang    *lang.Detector // nil: languages are left as the source sent them
	Metrics *Metrics
	Logger  *slog.Logger // invalid mentions are logged here; nil: discarded
	Since   time.Time
	Limit   int // 0: no limit
	// Seen bounds duplicate detection; nil makes a set of DefaultSeen.
	Seen *Seen

	mu      sync.Mutex
	emitted int
	rules   *rules.Set // replaced by SetRules
	swapped bool
}

// SetRules replaces the tracking rules while collectors run (rules edited
// through the API).
func (f *Filter) SetRules(s *rules.Set) {
	f.mu.Lock()
	f.rules, f.swapped = s, true
	f.mu.Unlock()
}

func (f *Filter) ruleSet() *rules.Set {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.swapped {
		return f.rules
	}
	return f.Rules
}

// Wrap returns an emit function that filters mentions before passing them
// to next.
func (f *Filter) Wrap(next Emit) Emit {
	f.mu.Lock()
	if f.Seen == nil {
		f.Seen = NewSeen(DefaultSeen)
	}
	f.mu.Unlock()
	return func(ctx context.Context, m *socialcrm.Mention) error {
		src := m.Source
		if m.V == 0 {
			m.V = socialcrm.SchemaVersion
		}
		if err := m.Validate(); err != nil {
			f.Metrics.Dropped(src, DropInvalid)
			if f.Logger != nil {
				f.Logger.Warn("dropping invalid mention", "source", src, "mention_id", m.ID, "err", err)
			}
			return nil
		}
		if !m.Deleted {
			if !f.Since.IsZero() && m.CreatedAt.Before(f.Since) {
				f.Metrics.Dropped(src, DropOld)
				return nil
			}
			if f.Lang != nil {
				f.Lang.Fill(m)
			}
			if !f.match(m) {
				f.Metrics.Dropped(src, DropNoMatch)
				return nil
			}
		}
		if !f.Seen.Add(dedupeKeys(m)...) {
			f.Metrics.Dropped(src, DropDuplicate)
			return nil
		}
		if err := f.take(); err != nil {
			return err
		}
		if m.Brand != "" {
			f.Metrics.matchedBrand(src, m.Brand)
		}
		return next(ctx, m)
	}
}

func (f *Filter) match(m *socialcrm.Mention) bool {
	set := f.ruleSet()
	if m.Brand != "" {
		if m.Rule == "" {
			if r, ok := set.MatchBrand(m, m.Brand); ok {
				m.Rule = r.Name
			}
		}
		return true
	}
	if set == nil {
		return true
	}
	r, ok := set.Match(m)
	if ok {
		m.Brand, m.Rule = r.Brand, r.Name
	}
	return ok
}

func (f *Filter) take() error {
	if f.Limit <= 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.emitted >= f.Limit {
		return ErrLimit
	}
	f.emitted++
	return nil
}

// dedupeKeys names a mention for duplicate detection: its id, distinct
// for tombstones and for each edit. URLs are not keys: distinct entries of
// a feed may share one (an Atom entry with an empty href resolves to the
// feed's own address), and a network's native id is what says "the same".
func dedupeKeys(m *socialcrm.Mention) []string {
	suffix := ""
	if m.Deleted {
		suffix = "|deleted"
	} else if e, ok := m.Extra["edited_at"]; ok {
		suffix = "|edited:" + string(e)
	}
	return []string{"id:" + m.ID + suffix}
}

// IsLimit reports whether err is the limit being reached.
func IsLimit(err error) bool { return errors.Is(err, ErrLimit) }

// Collector returns c with the filter applied to what it emits, for
// callers that run collectors one by one.
func (f *Filter) Collector(c socialcrm.Collector) socialcrm.Collector {
	return filtered{c: c, f: f}
}

type filtered struct {
	c socialcrm.Collector
	f *Filter
}

func (x filtered) Name() string { return x.c.Name() }

func (x filtered) Collect(ctx context.Context, emit Emit) error {
	err := x.c.Collect(ctx, x.f.Wrap(emit))
	if IsLimit(err) {
		return nil
	}
	return err
}
