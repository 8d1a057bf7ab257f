package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// The sales fixture's period: October and November 2026.
var (
	salesSince = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	salesUntil = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }

// seedSales stores the funnel and deals fixture. Leads in the period:
// mastodon l-new (ana), l-qual (ana, qualified), l-dropped (bob, qualified
// then disqualified); bluesky l-won (ana, converted, its deal won); form
// l-conv (bob, converted, its deal open); import l-cold (nobody). Before
// the period: l-old (form, converted). Deals: won in November 10,000.00
// EUR (ana) and in October 5,000.00 USD (bob), lost in November 2,000.00
// EUR (ana), won in September (out of the period); open: prospecting
// 1,000.00 EUR (ana) and 3,000.00 EUR (bob), proposal 2,500.00 USD (bob),
// negotiation 10,000.01 EUR (ana).
func seedSales(t *testing.T, s socialcrm.Store) {
	t.Helper()
	ctx := context.Background()
	must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-s", Name: "Sales Co"},
		&socialcrm.Account{ID: "acc-usd", Name: "Dollar Co", Currency: "USD"}))
	lead := func(id, source, network, status, owner string, created time.Time) *socialcrm.Lead {
		l := &socialcrm.Lead{ID: id, Name: "Lead " + id, Source: source, Status: status, Owner: owner, CreatedAt: created}
		if network != "" {
			l.Identities = []socialcrm.Identity{{Network: network, Handle: id + "@example.social"}}
		}
		if status == socialcrm.LeadConverted {
			l.ContactID, l.AccountID = "c-"+id, "acc-s"
		}
		return l
	}
	won := lead("l-won", socialcrm.LeadFromMention, "bluesky", socialcrm.LeadConverted, "ana", day(11, 2))
	won.OpportunityID = "o-won"
	conv := lead("l-conv", socialcrm.LeadFromForm, "", socialcrm.LeadConverted, "bob", day(10, 20))
	conv.OpportunityID = "o-proposal"
	old := lead("l-old", socialcrm.LeadFromForm, "", socialcrm.LeadConverted, "ana", day(9, 20))
	old.OpportunityID = "o-old"
	for _, l := range []*socialcrm.Lead{
		lead("l-new", socialcrm.LeadFromMention, "mastodon", socialcrm.LeadNew, "ana", day(11, 1)),
		lead("l-qual", socialcrm.LeadFromMention, "mastodon", socialcrm.LeadQualified, "ana", day(10, 1)),
		lead("l-dropped", socialcrm.LeadFromMention, "mastodon", socialcrm.LeadNew, "bob", day(11, 30)),
		won, conv, old,
		lead("l-cold", socialcrm.LeadFromImport, "", socialcrm.LeadNew, "", day(10, 5)),
	} {
		must(t, "CreateLead "+l.ID, s.CreateLead(ctx, l))
	}
	for _, step := range []struct{ status, reason string }{{socialcrm.LeadQualified, ""}, {socialcrm.LeadDisqualified, "no budget"}} {
		_, err := s.UpdateLead(ctx, "l-dropped", func(l *socialcrm.Lead) error { return l.Move(step.status, step.reason) })
		must(t, "UpdateLead l-dropped", err)
	}
	deal := func(id, stage, currency, owner string, amount int64, closed time.Time) *socialcrm.Opportunity {
		st, _ := socialcrm.StageOf(stage)
		account := "acc-s"
		if currency == "USD" {
			account = "acc-usd"
		}
		o := &socialcrm.Opportunity{ID: id, Name: "Deal " + id, AccountID: account, Amount: amount, Currency: currency,
			Stage: stage, Probability: st.Probability, Outcome: st.Outcome, Owner: owner}
		if stage == socialcrm.StageLost {
			o.LostReason = "price"
		}
		if st.Closed {
			o.ClosedAt = &closed
		}
		return o
	}
	for _, o := range []*socialcrm.Opportunity{
		deal("o-won", socialcrm.StageWon, "EUR", "ana", 1_000_000, day(11, 18)),
		deal("o-won-usd", socialcrm.StageWon, "USD", "bob", 500_000, day(10, 10)),
		deal("o-lost", socialcrm.StageLost, "EUR", "ana", 200_000, day(11, 5)),
		deal("o-old", socialcrm.StageWon, "EUR", "ana", 999, day(9, 20)),
		deal("o-p1", socialcrm.StageProspecting, "EUR", "ana", 100_000, time.Time{}),
		deal("o-p2", socialcrm.StageProspecting, "EUR", "bob", 300_000, time.Time{}),
		deal("o-proposal", socialcrm.StageProposal, "USD", "bob", 250_000, time.Time{}),
		deal("o-nego", socialcrm.StageNegotiation, "EUR", "ana", 1_000_001, time.Time{}),
	} {
		must(t, "CreateOpportunity "+o.ID, s.CreateOpportunity(ctx, o))
	}
}

func funnel(channel string, leads, qualified, converted, won int) socialcrm.SalesFunnel {
	rate := func(n, of int) *float64 {
		if of == 0 {
			return nil
		}
		return ptr(float64(n) / float64(of))
	}
	return socialcrm.SalesFunnel{Channel: channel, Leads: leads, Qualified: qualified, Converted: converted, Won: won,
		QualifiedRate: rate(qualified, leads), ConvertedRate: rate(converted, qualified),
		WonRate: rate(won, converted), OverallRate: rate(won, leads)}
}

func month(name string, won, lost int, wonAmount, lostAmount map[string]int64) socialcrm.SalesMonth {
	return socialcrm.SalesMonth{Month: name, Won: won, Lost: lost, WonAmount: wonAmount, LostAmount: lostAmount}
}

func testSalesReport(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("FunnelAndDeals", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		seedSales(t, s)
		r, err := s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: salesSince, Until: salesUntil})
		must(t, "SalesReport", err)
		diff(t, "funnel", []socialcrm.SalesFunnel{
			funnel("mastodon", 3, 2, 0, 0), // l-dropped counts as qualified: it was
			funnel("bluesky", 1, 1, 1, 1),
			funnel("form", 1, 1, 1, 0), // converted from new counts as qualified
			funnel("import", 1, 0, 0, 0),
		}, r.Funnel)
		diff(t, "funnel total", funnel("total", 6, 4, 2, 1), r.FunnelTotal)
		diff(t, "pipeline", []socialcrm.SalesStageValue{
			{Stage: "prospecting", Probability: 10, Currency: "EUR", Count: 2, Amount: 400_000, Weighted: 40_000},
			{Stage: "proposal", Probability: 50, Currency: "USD", Count: 1, Amount: 250_000, Weighted: 125_000},
			{Stage: "negotiation", Probability: 75, Currency: "EUR", Count: 1, Amount: 1_000_001, Weighted: 750_001},
		}, r.Pipeline)
		diff(t, "months", []socialcrm.SalesMonth{
			month("2026-10", 1, 0, map[string]int64{"USD": 500_000}, nil),
			month("2026-11", 1, 1, map[string]int64{"EUR": 1_000_000}, map[string]int64{"EUR": 200_000}),
		}, r.Months)
		if !r.Since.Equal(salesSince) || !r.Until.Equal(salesUntil) {
			t.Errorf("period %v – %v, want %v – %v", r.Since, r.Until, salesSince, salesUntil)
		}
		l, err := s.FindLeadByID(ctx, "l-dropped")
		must(t, "FindLeadByID", err)
		if l.QualifiedAt == nil || l.Status != socialcrm.LeadDisqualified {
			t.Errorf("l-dropped: status %s, qualified_at %v: want disqualified, remembering when it was qualified", l.Status, l.QualifiedAt)
		}
	})
	t.Run("Owner", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		seedSales(t, s)
		r, err := s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: salesSince, Until: salesUntil, Owner: ptr("ana")})
		must(t, "SalesReport", err)
		diff(t, "funnel", []socialcrm.SalesFunnel{funnel("mastodon", 2, 1, 0, 0), funnel("bluesky", 1, 1, 1, 1)}, r.Funnel)
		diff(t, "pipeline", []socialcrm.SalesStageValue{
			{Stage: "prospecting", Probability: 10, Currency: "EUR", Count: 1, Amount: 100_000, Weighted: 10_000},
			{Stage: "negotiation", Probability: 75, Currency: "EUR", Count: 1, Amount: 1_000_001, Weighted: 750_001},
		}, r.Pipeline)
		diff(t, "months", []socialcrm.SalesMonth{
			month("2026-10", 0, 0, nil, nil),
			month("2026-11", 1, 1, map[string]int64{"EUR": 1_000_000}, map[string]int64{"EUR": 200_000}),
		}, r.Months)
		r, err = s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: salesSince, Until: salesUntil, Owner: ptr("")})
		must(t, "SalesReport unassigned", err)
		diff(t, "unassigned funnel", []socialcrm.SalesFunnel{funnel("import", 1, 0, 0, 0)}, r.Funnel)
		diff(t, "unassigned pipeline", []socialcrm.SalesStageValue{}, r.Pipeline)
	})
	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		r, err := open(t).SalesReport(ctx, socialcrm.SalesReportFilter{Since: salesSince, Until: salesUntil.Add(time.Hour)})
		must(t, "SalesReport", err)
		diff(t, "funnel total", funnel("total", 0, 0, 0, 0), r.FunnelTotal)
		if len(r.Funnel) != 0 || len(r.Pipeline) != 0 || len(r.Segments) != 0 || len(r.Months) != 3 {
			t.Errorf("empty report: %d funnel rows, %d stages, %d segments, %d months; want 0, 0, 0 and 3 (Oct–Dec)",
				len(r.Funnel), len(r.Pipeline), len(r.Segments), len(r.Months))
		}
	})
	t.Run("ConfiguredStages", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-c", Name: "Configured"}))
		closed := day(11, 3)
		for _, o := range []*socialcrm.Opportunity{
			{ID: "o-demo", Name: "Demo", AccountID: "acc-c", Amount: 1001, Currency: "EUR", Stage: "demo", Probability: 40},
			{ID: "o-signed", Name: "Signed", AccountID: "acc-c", Amount: 500, Currency: "EUR", Stage: "signed", Probability: 100,
				Outcome: socialcrm.OutcomeWon, ClosedAt: &closed},
		} {
			must(t, "CreateOpportunity "+o.ID, s.CreateOpportunity(ctx, o))
		}
		r, err := s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: salesSince, Until: salesUntil})
		must(t, "SalesReport", err)
		diff(t, "pipeline", []socialcrm.SalesStageValue{{Stage: "demo", Probability: 40, Currency: "EUR", Count: 1, Amount: 1001, Weighted: 400}}, r.Pipeline)
		diff(t, "months", []socialcrm.SalesMonth{month("2026-10", 0, 0, nil, nil), month("2026-11", 1, 0, map[string]int64{"EUR": 500}, nil)}, r.Months)
	})
	t.Run("Segments", func(t *testing.T) { testSalesSegments(t, open) })
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, f := range map[string]socialcrm.SalesReportFilter{
			"UntilBeforeSince": {Since: salesUntil, Until: salesSince},
			"Equal":            {Since: salesSince, Until: salesSince},
			"NoSince":          {Until: salesUntil},
			"TooLong":          {Since: salesSince.AddDate(-3, -1, 0), Until: salesUntil},
			"LongOwner":        {Since: salesSince, Until: salesUntil, Owner: ptr(fmt.Sprintf("%0300d", 1))},
		} {
			_, err := s.SalesReport(ctx, f)
			wantErr(t, name, err, socialcrm.ErrInvalid)
		}
	})
}

// testSalesSegments reads the segment fixture (seedSegments) with one more
// negative mention linked to both Pat and Gil, 5 days before segNow.
func testSalesSegments(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	seedSegments(t, s)
	both := mention("seg-both", "acme", socialcrm.Negative, segNow.Add(-5*24*time.Hour))
	both.Contacts = []string{"c-pat", "c-gil"}
	must(t, "SaveMentions", s.SaveMentions(ctx, both))
	for _, g := range []*socialcrm.Segment{
		{ID: "vip", Name: "VIPs", Rules: all(textCond(socialcrm.SegTag, "vip"))},
		{ID: "sky", Name: "On Bluesky", Rules: all(textCond(socialcrm.SegChannel, "bluesky"))},
		{ID: "plat", Name: "Platinum", Rules: all(textCond(socialcrm.SegTier, socialcrm.TierPlatinum))},
		{ID: "vip-or-sky", Name: "VIPs or Bluesky", Rules: anyOf(textCond(socialcrm.SegTag, "vip"), textCond(socialcrm.SegChannel, "bluesky"))},
	} {
		must(t, "CreateSegment "+g.ID, s.CreateSegment(ctx, g))
	}
	r, err := s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: segNow.Add(-24 * time.Hour), Until: segNow, Now: segNow})
	must(t, "SalesReport", err)
	// Pat: 3 negatives and a positive within 30 days; Gil: 2 positives, an
	// unscored one and a tombstone (not counted), an open case; Bea: none;
	// Wit (platinum, withdrawn) is no member; the shared negative counts
	// for each member it names.
	diff(t, "segments", []socialcrm.SegmentSales{
		{ID: "sky", Name: "On Bluesky", Members: 1, Positive: 2, Negative: 1, OpenCases: 1},
		{ID: "plat", Name: "Platinum", Members: 1, Positive: 1, Negative: 4},
		{ID: "vip", Name: "VIPs", Members: 2, Positive: 1, Negative: 4},
		{ID: "vip-or-sky", Name: "VIPs or Bluesky", Members: 3, Positive: 3, Negative: 5, OpenCases: 1},
	}, r.Segments)
	if r.SegmentsTotal != 4 {
		t.Errorf("segments_total %d, want 4", r.SegmentsTotal)
	}
	for i := range socialcrm.MaxSalesSegments {
		must(t, "CreateSegment", s.CreateSegment(ctx, &socialcrm.Segment{ID: fmt.Sprintf("z%02d", i), Name: fmt.Sprintf("Z %02d", i), Rules: all()}))
	}
	r, err = s.SalesReport(ctx, socialcrm.SalesReportFilter{Since: segNow.Add(-24 * time.Hour), Until: segNow, Now: segNow})
	must(t, "SalesReport", err)
	if len(r.Segments) != socialcrm.MaxSalesSegments || r.SegmentsTotal != 4+socialcrm.MaxSalesSegments || r.Segments[0].ID != "sky" {
		t.Errorf("%d segments of %d, first %q: want the first %d by name of %d", len(r.Segments), r.SegmentsTotal,
			r.Segments[0].ID, socialcrm.MaxSalesSegments, 4+socialcrm.MaxSalesSegments)
	}
	if last := r.Segments[len(r.Segments)-1]; last.ID != "z15" || last.Members != 4 {
		t.Errorf("last segment %+v: want z15 with every profiled contact (4)", last)
	}
}
