package crm

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// exportNetworks are the networks with a column of their own in a contacts
// CSV, with the header ReadContactsCSV reads for each.
var exportNetworks = []struct{ network, header string }{
	{"x", "Twitter Username"}, {"mastodon", "Mastodon"}, {"bluesky", "Bluesky"},
	{"reddit", "Reddit"}, {"hackernews", "Hacker News"},
}

// ContactHeaders are the columns of a contacts export, all of which
// ReadContactsCSV reads back.
// Native IDs holds the identities a network column cannot (no handle, or a
// network without a column) as network:id or network:id=handle, and the
// native ids of handles written in their column as network:id=handle.
var ContactHeaders = append(append([]string{"Record ID", "Name", "Email", "Phone Number", "Job Title", "Lifecycle Stage",
	"Contact Owner", "Tags", "Account ID", "Company", "Company Domain", "Tier", "Annual Revenue", "Account Currency",
	"Account Lifecycle Stage", "Account Owner", "Account Tags"}, networkHeaders()...), "Native IDs")

// AccountHeaders are the columns of an accounts export: the account
// columns of a contacts CSV, with the account's own stage, owner and tags.
var AccountHeaders = []string{"Account ID", "Company", "Company Domain", "Tier", "Annual Revenue", "Lifecycle Stage", "Owner", "Tags"}

func networkHeaders() []string {
	hs := make([]string, len(exportNetworks))
	for i, n := range exportNetworks {
		hs[i] = n.header
	}
	return hs
}

// exportStore is what an export reads.
type exportStore interface {
	FindContacts(ctx context.Context, f socialcrm.ContactFilter) ([]*socialcrm.Contact, int, error)
	FindAccounts(ctx context.Context) ([]*socialcrm.Account, error)
	FindUnprofiled(ctx context.Context) ([]*socialcrm.Consent, error)
}

// ExportStats counts what an export wrote, and the identities a CSV
// cannot hold: those without a handle, or on a network without a column.
type ExportStats struct {
	Rows    int
	Skipped int // identities left out
	// Unprofiled are the contacts left out because their consent is
	// withdrawn or they are suppressed (only the GDPR export has them).
	Unprofiled int
}

// exportBatch is how many contacts an export reads at a time.
const exportBatch = 500

// ExportContacts writes every contact as CSV with ContactHeaders, ordered
// by name, calling progress (when not nil) after each page with the rows
// written and the total.
func ExportContacts(ctx context.Context, st exportStore, w io.Writer, progress func(done, total int)) (ExportStats, error) {
	var stats ExportStats
	as, err := st.FindAccounts(ctx)
	if err != nil {
		return stats, fmt.Errorf("crm: export contacts: accounts: %w", err)
	}
	un, err := st.FindUnprofiled(ctx)
	if err != nil {
		return stats, fmt.Errorf("crm: export contacts: consent: %w", err)
	}
	unprofiled := map[string]bool{}
	for _, k := range un {
		unprofiled[k.ContactID] = true
	}
	accounts := map[string]*socialcrm.Account{}
	for _, a := range as {
		accounts[a.ID] = a
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ContactHeaders); err != nil {
		return stats, err
	}
	for offset := 0; ; offset += exportBatch {
		cs, total, err := st.FindContacts(ctx, socialcrm.ContactFilter{Offset: offset, Limit: exportBatch})
		if err != nil {
			return stats, fmt.Errorf("crm: export contacts: %w", err)
		}
		for _, c := range cs {
			if unprofiled[c.ID] {
				stats.Unprofiled++
				continue
			}
			row, skipped := contactRow(c, accounts[c.AccountID])
			stats.Skipped += skipped
			if err := cw.Write(row); err != nil {
				return stats, err
			}
			stats.Rows++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return stats, fmt.Errorf("crm: export contacts: write: %w", err)
		}
		if progress != nil {
			progress(stats.Rows+stats.Unprofiled, total)
		}
		if len(cs) < exportBatch {
			return stats, nil
		}
	}
}

func contactRow(c *socialcrm.Contact, a *socialcrm.Account) ([]string, int) {
	row := []string{c.ID, c.Name, c.Email, c.Phone, c.Title, c.Lifecycle, c.Owner, strings.Join(c.Tags, ";"), c.AccountID}
	if a != nil {
		row = append(row, a.Name, a.Domain, a.Tier, money(a.Value), a.Currency, a.Lifecycle, a.Owner, strings.Join(a.Tags, ";"))
	} else {
		row = append(row, "", "", "", "", "", "", "", "")
	}
	var handled []socialcrm.Identity
	var ns []string
	skipped := 0
	for _, i := range c.Identities {
		inColumn := i.Handle != "" && slices.ContainsFunc(exportNetworks, func(e struct{ network, header string }) bool { return e.network == i.Network })
		if inColumn {
			handled = append(handled, i)
			if i.NativeID == "" {
				continue
			}
		}
		// Native IDs holds the rest, and the native id of a handle written
		// in its column, paired with it: network:id, network:id=handle.
		if strings.ContainsAny(i.Network, ":;=") || strings.ContainsAny(i.NativeID+i.Handle, ";=") {
			skipped++
			continue
		}
		e := i.Network + ":" + i.NativeID
		if i.Handle != "" {
			e += "=" + i.Handle
		}
		ns = append(ns, e)
	}
	hs, _ := handleColumns(handled)
	return append(append(row, hs...), strings.Join(ns, ";")), skipped
}

// handleColumns returns the network columns of ids, handles on one
// network separated by semicolons, and how many identities have no
// handle or no column.
func handleColumns(ids []socialcrm.Identity) ([]string, int) {
	handles := make([][]string, len(exportNetworks))
	skipped := 0
	for _, i := range ids {
		n := slices.IndexFunc(exportNetworks, func(e struct{ network, header string }) bool { return e.network == i.Network })
		if n < 0 || i.Handle == "" {
			skipped++
			continue
		}
		handles[n] = append(handles[n], i.Handle)
	}
	cols := make([]string, len(handles))
	for n, hs := range handles {
		cols[n] = strings.Join(hs, ";")
	}
	return cols, skipped
}

func money(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// ExportAccounts writes every account as CSV with AccountHeaders, highest
// value first.
func ExportAccounts(ctx context.Context, st exportStore, w io.Writer) (ExportStats, error) {
	var stats ExportStats
	as, err := st.FindAccounts(ctx)
	if err != nil {
		return stats, fmt.Errorf("crm: export accounts: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AccountHeaders); err != nil {
		return stats, err
	}
	for _, a := range as {
		if err := cw.Write([]string{a.ID, a.Name, a.Domain, a.Tier, money(a.Value), a.Lifecycle, a.Owner, strings.Join(a.Tags, ";")}); err != nil {
			return stats, err
		}
		stats.Rows++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return stats, fmt.Errorf("crm: export accounts: write: %w", err)
	}
	return stats, nil
}

// LeadHeaders are the columns of a leads export, Salesforce-style, with a
// handle column per network as in a contacts export.
var LeadHeaders = append([]string{"Lead ID", "Name", "Company", "Email", "Status", "Disqualified Reason",
	"Source", "Owner", "Score"}, networkHeaders()...)

// OpportunityHeaders are the columns of an opportunities export. Amount
// is in major units of Currency (euros for EUR); Contact IDs are
// separated by semicolons.
var OpportunityHeaders = []string{"Opportunity ID", "Name", "Account ID", "Amount", "Currency", "Stage",
	"Probability", "Expected Close Date", "Owner", "Lost Reason", "Contact IDs"}

// leadExportStore is what a leads export reads.
type leadExportStore interface {
	FindLeads(ctx context.Context, f socialcrm.LeadFilter) ([]*socialcrm.Lead, int, error)
	FindUnprofiledLeads(ctx context.Context) ([]*socialcrm.Consent, error)
}

// opportunityExportStore is what an opportunities export reads.
type opportunityExportStore interface {
	FindOpportunities(ctx context.Context, f socialcrm.OpportunityFilter) ([]*socialcrm.Opportunity, int, error)
}

// ExportLeads writes every lead as CSV with LeadHeaders, most recently
// updated first, calling progress (when not nil) after each page with the
// rows written and the total. Leads whose consent is withdrawn or who
// are suppressed are left out, and counted in Unprofiled.
func ExportLeads(ctx context.Context, st leadExportStore, w io.Writer, progress func(done, total int)) (ExportStats, error) {
	un, err := st.FindUnprofiledLeads(ctx)
	if err != nil {
		return ExportStats{}, fmt.Errorf("crm: export leads: consent: %w", err)
	}
	unprofiled := make(map[string]bool, len(un))
	for _, k := range un {
		unprofiled[k.LeadID] = true
	}
	return exportPages(w, "leads", LeadHeaders, progress, func(offset int) ([]*socialcrm.Lead, int, error) {
		return st.FindLeads(ctx, socialcrm.LeadFilter{Offset: offset, Limit: exportBatch})
	}, func(l *socialcrm.Lead) ([]string, int) {
		if unprofiled[l.ID] {
			return nil, 0
		}
		return leadRow(l)
	})
}

// ExportOpportunities writes every opportunity as CSV with
// OpportunityHeaders, soonest expected close first, calling progress
// (when not nil) after each page with the rows written and the total.
func ExportOpportunities(ctx context.Context, st opportunityExportStore, w io.Writer, progress func(done, total int)) (ExportStats, error) {
	return exportPages(w, "opportunities", OpportunityHeaders, progress, func(offset int) ([]*socialcrm.Opportunity, int, error) {
		return st.FindOpportunities(ctx, socialcrm.OpportunityFilter{Offset: offset, Limit: exportBatch})
	}, func(o *socialcrm.Opportunity) ([]string, int) {
		return []string{o.ID, o.Name, o.AccountID, strconv.FormatFloat(o.Value(), 'f', -1, 64), o.Currency, o.Stage,
			strconv.Itoa(o.Probability), o.ExpectedClose, o.Owner, o.LostReason, strings.Join(o.Contacts, ";")}, 0
	})
}

// exportPages writes headers, then the rows of every page find returns,
// exportBatch at a time, flushing and reporting progress after each. A
// nil row is left out and counted in Unprofiled.
func exportPages[T any](w io.Writer, what string, headers []string, progress func(done, total int),
	find func(offset int) ([]T, int, error), row func(T) ([]string, int)) (ExportStats, error) {
	var stats ExportStats
	cw := csv.NewWriter(w)
	if err := cw.Write(headers); err != nil {
		return stats, err
	}
	for offset := 0; ; offset += exportBatch {
		page, total, err := find(offset)
		if err != nil {
			return stats, fmt.Errorf("crm: export %s: %w", what, err)
		}
		for _, v := range page {
			r, skipped := row(v)
			if r == nil { // left out: not profiled
				stats.Unprofiled++
				continue
			}
			stats.Skipped += skipped
			if err := cw.Write(r); err != nil {
				return stats, err
			}
			stats.Rows++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return stats, fmt.Errorf("crm: export %s: write: %w", what, err)
		}
		if progress != nil {
			progress(stats.Rows+stats.Unprofiled, total)
		}
		if len(page) < exportBatch {
			return stats, nil
		}
	}
}

func leadRow(l *socialcrm.Lead) ([]string, int) {
	row := []string{l.ID, l.Name, l.Company, l.Email, l.Status, l.Reason, l.Source, l.Owner, strconv.Itoa(l.Score)}
	hs, skipped := handleColumns(l.Identities)
	return append(row, hs...), skipped
}
