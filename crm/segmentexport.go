package crm

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/socialcrm/socialcrm"
)

// segmentExportStore is what a segment export reads.
type segmentExportStore interface {
	FindSegmentMembers(ctx context.Context, rules socialcrm.SegmentRules, f socialcrm.SegmentMemberFilter) ([]*socialcrm.Contact, int, error)
	FindAccounts(ctx context.Context) ([]*socialcrm.Account, error)
}

// ExportSegment writes the members of a segment's rules as CSV with
// ContactHeaders (the columns of a contacts export, which import contacts
// reads back), ordered by name, calling progress (when not nil) after each
// page with the rows written and the total. Every page is evaluated at the
// same instant, now (zero: the time of the call), so that windowed
// conditions do not move between pages. Contacts who are not profiled are
// never members, so they are never written.
func ExportSegment(ctx context.Context, st segmentExportStore, rules socialcrm.SegmentRules, now time.Time, w io.Writer,
	progress func(done, total int)) (ExportStats, error) {
	if err := rules.Validate(); err != nil {
		return ExportStats{}, fmt.Errorf("crm: export segment: %w", err)
	}
	if now.IsZero() {
		now = time.Now()
	}
	as, err := st.FindAccounts(ctx)
	if err != nil {
		return ExportStats{}, fmt.Errorf("crm: export segment: accounts: %w", err)
	}
	accounts := make(map[string]*socialcrm.Account, len(as))
	for _, a := range as {
		accounts[a.ID] = a
	}
	return exportPages(w, "segment", ContactHeaders, progress, func(offset int) ([]*socialcrm.Contact, int, error) {
		return st.FindSegmentMembers(ctx, rules, socialcrm.SegmentMemberFilter{Now: now, Offset: offset, Limit: exportBatch})
	}, func(c *socialcrm.Contact) ([]string, int) {
		return contactRow(c, accounts[c.AccountID])
	})
}
