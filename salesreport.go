package socialcrm

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Bounds of the sales report.
const (
	// MaxSalesMonths is the longest range a report covers, in calendar
	// months (three years and the month it started in).
	MaxSalesMonths = 37
	// MaxSalesSegments is how many segments a report evaluates, the first
	// by name then ID; SegmentsTotal says how many there are.
	MaxSalesSegments = 20
	// SalesSentimentDays is the window of a segment's sentiment, ending at
	// the report's Now.
	SalesSentimentDays = 30
)

// SalesReportFilter selects what a sales report counts: the leads created
// and the opportunities closed in [Since, Until), of one owner when Owner
// is set ("" for the unassigned ones). The open pipeline, the segments'
// members, their sentiment over the last SalesSentimentDays and their open
// cases are as of Now (zero: the time of the call).
type SalesReportFilter struct {
	Since time.Time
	Until time.Time
	Owner *string
	Now   time.Time
}

// Validate returns ErrInvalid for an Until not after Since, a range over
// MaxSalesMonths months or an owner that is not an ID.
func (f SalesReportFilter) Validate() error {
	switch {
	case f.Since.IsZero() || f.Until.IsZero():
		return Invalidf("sales report: since and until are required")
	case !f.Until.After(f.Since):
		return Invalidf("sales report: until %s is not after since %s", f.Until.Format(time.RFC3339), f.Since.Format(time.RFC3339))
	case len(SalesMonths(f.Since, f.Until)) > MaxSalesMonths:
		return Invalidf("sales report: %s to %s spans more than %d months", f.Since.Format(time.DateOnly), f.Until.Format(time.DateOnly), MaxSalesMonths)
	}
	if f.Owner != nil {
		if err := maxLen("owner", *f.Owner, MaxIDLen); err != nil {
			return err
		}
	}
	return nil
}

// SalesMonths lists the UTC calendar months, as YYYY-MM, that [since,
// until) touches, oldest first; at most MaxSalesMonths+1.
func SalesMonths(since, until time.Time) []string {
	var out []string
	last := until.UTC().Add(-time.Nanosecond)
	for m := time.Date(since.UTC().Year(), since.UTC().Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last) && len(out) <= MaxSalesMonths; m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// Channel is where a lead came from, for the sales funnel: the network of
// its first identity for a lead made from a mention (mastodon, bluesky…),
// else its source (import, api, form).
func (l *Lead) Channel() string {
	if l.Source == LeadFromMention {
		if len(l.Identities) > 0 && l.Identities[0].Network != "" {
			return l.Identities[0].Network
		}
	}
	return l.Source
}

// ReachedQualified reports whether the lead was ever qualified: it is, it
// was (QualifiedAt), or it was converted, which is past qualified in the
// funnel.
func (l *Lead) ReachedQualified() bool {
	return l.QualifiedAt != nil || l.Status == LeadQualified || l.Status == LeadConverted
}

// MarkQualified sets QualifiedAt to at when the lead is qualified and has
// none: stores call it on every save, so that the funnel remembers a lead
// that was qualified and later disqualified.
func (l *Lead) MarkQualified(at time.Time) {
	if l.Status == LeadQualified && l.QualifiedAt == nil {
		t := at
		l.QualifiedAt = &t
	}
}

// SalesFunnel counts the leads of one channel created in the period: how
// many, how many reached qualified, were converted, and whose opportunity
// was won. The rates are each step's share of the step before, and Overall
// Won / Leads; nil when the step before is 0.
type SalesFunnel struct {
	Channel       string   `json:"channel"`
	Leads         int      `json:"leads"`
	Qualified     int      `json:"qualified"`
	Converted     int      `json:"converted"`
	Won           int      `json:"won"`
	QualifiedRate *float64 `json:"qualified_rate"`
	ConvertedRate *float64 `json:"converted_rate"`
	WonRate       *float64 `json:"won_rate"`
	OverallRate   *float64 `json:"overall_rate"`
}

// SalesStageValue is the open pipeline of one stage in one currency: the
// number of opportunities, their amount and their amount weighted by each
// one's probability, both in minor units of Currency. Rows never add
// currencies together; SalesReport.Totals converts them.
type SalesStageValue struct {
	Stage string `json:"stage"`
	// Probability is the highest of the stage's opportunities (they have
	// the stage's, unless the pipeline was configured anew since).
	Probability int    `json:"probability"`
	Currency    string `json:"currency"`
	Count       int    `json:"count"`
	Amount      int64  `json:"amount"`
	Weighted    int64  `json:"weighted"`
	// AmountPercent is the sum of amount × probability (percent) that
	// stores fill in; Finish turns it into Weighted and clears it.
	AmountPercent int64 `json:"-"`
}

// SalesMonth counts the opportunities won and lost in one UTC calendar
// month (by ClosedAt), with their amounts per currency in minor units.
type SalesMonth struct {
	Month      string           `json:"month"` // YYYY-MM
	Won        int              `json:"won"`
	Lost       int              `json:"lost"`
	WonAmount  map[string]int64 `json:"won_amount"`
	LostAmount map[string]int64 `json:"lost_amount"`
}

// SegmentSales is a segment's figures: its members now, the sentiment of
// their live scored mentions over the last SalesSentimentDays and their
// open (or answered) cases.
type SegmentSales struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Members   int    `json:"members"`
	Positive  int    `json:"positive"`
	Neutral   int    `json:"neutral"`
	Negative  int    `json:"negative"`
	OpenCases int    `json:"open_cases"`
}

// SalesReport is the sales analytics of a period (see SalesReportFilter).
type SalesReport struct {
	Since       time.Time         `json:"since"`
	Until       time.Time         `json:"until"`
	Now         time.Time         `json:"now"`
	Owner       *string           `json:"owner,omitempty"`
	Funnel      []SalesFunnel     `json:"funnel"` // by channel
	FunnelTotal SalesFunnel       `json:"funnel_total"`
	Pipeline    []SalesStageValue `json:"pipeline"` // in stage order, then by currency
	Months      []SalesMonth      `json:"months"`   // every month of the period, oldest first
	Segments    []SegmentSales    `json:"segments"` // by name, then ID
	// SegmentsTotal is how many segments exist; the report has the first
	// MaxSalesSegments.
	SegmentsTotal int `json:"segments_total"`
	// Totals are the amounts converted to the base of the exchange rates
	// (Convert); absent when no rates are configured.
	Totals *SalesTotals `json:"totals,omitempty"`
}

// SalesReportStore computes sales reports where the data is.
type SalesReportStore interface {
	// SalesReport returns ErrInvalid when f fails Validate.
	SalesReport(ctx context.Context, f SalesReportFilter) (*SalesReport, error)
}

func rate(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	r := float64(n) / float64(of)
	return &r
}

// Finish completes a report whose stores filled in the counts: the funnel
// rates and total, the weighted pipeline, a row for every month of the
// period, everything in order. Stores call it last.
func (r *SalesReport) Finish() {
	slices.SortFunc(r.Funnel, func(a, b SalesFunnel) int {
		return cmp.Or(cmp.Compare(b.Leads, a.Leads), cmp.Compare(a.Channel, b.Channel))
	})
	r.FunnelTotal = SalesFunnel{Channel: "total"}
	for i := range r.Funnel {
		f := &r.Funnel[i]
		r.FunnelTotal.Leads += f.Leads
		r.FunnelTotal.Qualified += f.Qualified
		r.FunnelTotal.Converted += f.Converted
		r.FunnelTotal.Won += f.Won
		f.rates()
	}
	r.FunnelTotal.rates()
	if r.Funnel == nil {
		r.Funnel = []SalesFunnel{}
	}
	for i := range r.Pipeline {
		p := &r.Pipeline[i]
		p.Weighted, p.AmountPercent = (p.AmountPercent+50)/100, 0
	}
	r.OrderPipeline(nil)
	if r.Pipeline == nil {
		r.Pipeline = []SalesStageValue{}
	}
	have := map[string]SalesMonth{}
	for _, m := range r.Months {
		have[m.Month] = m
	}
	r.Months = r.Months[:0]
	for _, name := range SalesMonths(r.Since, r.Until) {
		m := have[name]
		m.Month = name
		if m.WonAmount == nil {
			m.WonAmount = map[string]int64{}
		}
		if m.LostAmount == nil {
			m.LostAmount = map[string]int64{}
		}
		r.Months = append(r.Months, m)
	}
	slices.SortFunc(r.Segments, func(a, b SegmentSales) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	if r.Segments == nil {
		r.Segments = []SegmentSales{}
	}
}

// OrderPipeline puts the pipeline rows in the order of the stages of p
// (the default pipeline when empty), then by currency; stages p lacks
// come last, by probability and name.
func (r *SalesReport) OrderPipeline(p Stages) {
	order := func(v SalesStageValue) int {
		i := slices.IndexFunc(p.List(), func(s Stage) bool { return s.Name == v.Stage })
		if i < 0 {
			return len(p.List())
		}
		return i
	}
	slices.SortFunc(r.Pipeline, func(a, b SalesStageValue) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a.Probability, b.Probability),
			cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Currency, b.Currency))
	})
}

func (f *SalesFunnel) rates() {
	f.QualifiedRate, f.ConvertedRate = rate(f.Qualified, f.Leads), rate(f.Converted, f.Qualified)
	f.WonRate, f.OverallRate = rate(f.Won, f.Converted), rate(f.Won, f.Leads)
}
