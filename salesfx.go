package socialcrm

import (
	"maps"
	"math"
	"slices"
)

// SalesTotals are a sales report's amounts converted to one currency, the
// base of the exchange rates: the open pipeline and each month's won and
// lost amounts, all in minor units of Base. Each currency's sum is
// converted once and rounded to a minor unit of Base. Currencies the rates
// do not know are named in Missing and left out of every total.
type SalesTotals struct {
	Base string `json:"base"`
	// Rates are the rates used: what one unit of each currency of the
	// report is worth in Base (Base itself is 1).
	Rates map[string]float64 `json:"rates"`
	// Missing lists, sorted, the currencies of the report without a rate;
	// their amounts are in no total.
	Missing          []string           `json:"missing"`
	PipelineCount    int                `json:"pipeline_count"` // open deals counted in the totals
	PipelineAmount   int64              `json:"pipeline_amount"`
	PipelineWeighted int64              `json:"pipeline_weighted"`
	Months           []SalesMonthTotals `json:"months"` // as the report's months
}

// SalesMonthTotals are one month's won and lost amounts in the base
// currency, without the currencies in Missing.
type SalesMonthTotals struct {
	Month      string `json:"month"`
	WonAmount  int64  `json:"won_amount"`
	LostAmount int64  `json:"lost_amount"`
}

// Convert sets r.Totals to r's amounts converted by fx to its base; a nil
// fx leaves r as it is (no totals).
func (r *SalesReport) Convert(fx *FXRates) {
	if fx == nil {
		r.Totals = nil
		return
	}
	t := &SalesTotals{Base: fx.Base, Rates: map[string]float64{}, Missing: []string{}}
	missing := map[string]bool{}
	// conv converts sums per currency to minor units of the base, noting
	// the rates used and the currencies without one.
	conv := func(by map[string]int64) int64 {
		var sum int64
		for _, c := range slices.Sorted(maps.Keys(by)) {
			rate, ok := fx.Rate(c, fx.Base)
			if !ok {
				missing[c] = true
				continue
			}
			t.Rates[c] = rate
			sum += int64(math.Round(float64(by[c]) / minorUnits(c) * rate * minorUnits(fx.Base)))
		}
		return sum
	}
	amount, weighted, count := map[string]int64{}, map[string]int64{}, map[string]int{}
	for _, p := range r.Pipeline {
		amount[p.Currency] += p.Amount
		weighted[p.Currency] += p.Weighted
		count[p.Currency] += p.Count
	}
	t.PipelineAmount, t.PipelineWeighted = conv(amount), conv(weighted)
	for c, n := range count {
		if !missing[c] {
			t.PipelineCount += n
		}
	}
	t.Months = []SalesMonthTotals{}
	for _, m := range r.Months {
		t.Months = append(t.Months, SalesMonthTotals{Month: m.Month, WonAmount: conv(m.WonAmount), LostAmount: conv(m.LostAmount)})
	}
	t.Missing = append(t.Missing, slices.Sorted(maps.Keys(missing))...)
	r.Totals = t
}
