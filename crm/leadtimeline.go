package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// conversions lists the conversion of the leads that became the record:
// for a contact or an account, the leads converted into it; for a lead,
// its own.
func (t *Timeline) conversions(kind, id string) source {
	var f socialcrm.LeadFilter
	switch kind {
	case socialcrm.RecordContact:
		f.ContactID = &id
	case socialcrm.RecordAccount:
		f.AccountID = &id
	case socialcrm.RecordLead:
	default:
		return none
	}
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		var ls []*socialcrm.Lead
		if kind == socialcrm.RecordLead {
			l, err := t.Store.FindLeadByID(ctx, id)
			if err != nil {
				return nil, false, ignoreNotFound(err)
			}
			ls = []*socialcrm.Lead{l}
		} else {
			var err error
			f.Limit = -1
			if ls, _, err = t.Store.FindLeads(ctx, f); err != nil {
				return nil, false, err
			}
		}
		var items []socialcrm.TimelineItem
		for _, l := range ls {
			if l.ConvertedAt != nil {
				items = append(items, socialcrm.TimelineItem{At: *l.ConvertedAt, Kind: socialcrm.TimelineConversion, ID: l.ID,
					Title: "converted from lead " + l.Name, Lead: l})
			}
		}
		return cutItems(items, until, limit)
	}
}

// stageChanges lists the stage changes of the record's opportunities.
func (t *Timeline) stageChanges(kind, id string) source {
	var f socialcrm.OpportunityFilter
	switch kind {
	case socialcrm.RecordContact:
		f.ContactID = &id
	case socialcrm.RecordAccount:
		f.AccountID = &id
	case socialcrm.RecordOpportunity:
	default:
		return none
	}
	return func(ctx context.Context, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
		var os []*socialcrm.Opportunity
		if kind == socialcrm.RecordOpportunity {
			o, err := t.Store.FindOpportunityByID(ctx, id)
			if err != nil {
				return nil, false, ignoreNotFound(err)
			}
			os = []*socialcrm.Opportunity{o}
		} else {
			var err error
			f.Limit = -1
			if os, _, err = t.Store.FindOpportunities(ctx, f); err != nil {
				return nil, false, err
			}
		}
		var items []socialcrm.TimelineItem
		for _, o := range os {
			for i, c := range o.History {
				title := fmt.Sprintf("%s: %s → %s", o.Name, c.From, c.To)
				if c.From == "" {
					title = fmt.Sprintf("%s opened in %s", o.Name, c.To)
				}
				items = append(items, socialcrm.TimelineItem{At: c.At, Kind: socialcrm.TimelineStageChange,
					ID: fmt.Sprintf("%s#%d", o.ID, i), Title: title, Opportunity: o, Stage: &c})
			}
		}
		return cutItems(items, until, limit)
	}
}

// none is the source of a record kind that has no such items.
func none(context.Context, time.Time, int) ([]socialcrm.TimelineItem, bool, error) {
	return nil, false, nil
}

// ignoreNotFound turns ErrNotFound into nil: a record without its item.
func ignoreNotFound(err error) error {
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil
	}
	return err
}

// cutItems keeps the items before until (all when zero), newest first,
// at most limit, and says whether there were more.
func cutItems(items []socialcrm.TimelineItem, until time.Time, limit int) ([]socialcrm.TimelineItem, bool, error) {
	items = slices.DeleteFunc(items, func(i socialcrm.TimelineItem) bool { return !until.IsZero() && !i.At.Before(until) })
	slices.SortFunc(items, socialcrm.CompareTimeline)
	return items[:min(limit, len(items))], len(items) > limit, nil
}
