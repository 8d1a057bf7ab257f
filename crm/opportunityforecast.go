package crm

import (
	"cmp"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// StageTotal counts the opportunities of one stage in one currency.
type StageTotal struct {
	Stage    string  `json:"stage"`
	Currency string  `json:"currency"`
	Count    int     `json:"count"`
	Value    float64 `json:"value"`    // in major units
	Weighted float64 `json:"weighted"` // value times the stage's probability
}

// MonthForecast is the weighted value of the open opportunities expected
// to close in one month, in one currency.
type MonthForecast struct {
	Month    string  `json:"month"` // YYYY-MM; "" for those without a date
	Currency string  `json:"currency"`
	Count    int     `json:"count"`
	Value    float64 `json:"value"`
	Weighted float64 `json:"weighted"`
}

// Pipeline is the pipeline's stages with their totals and the weighted
// forecast per month.
type Pipeline struct {
	Stages   []socialcrm.Stage `json:"stages"`
	Totals   []StageTotal      `json:"totals"`
	Forecast []MonthForecast   `json:"forecast"`
}

// Forecast sums opportunities per stage and, for the open ones, per month
// of expected close; amounts of different currencies are never added. A
// stage of pl weighs by its probability in pl; a stage pl no longer has
// by the probability the opportunity was given when it moved there, and
// comes after pl's stages.
func Forecast(pl socialcrm.Stages, os []*socialcrm.Opportunity) Pipeline {
	p := Pipeline{Stages: pl.List(), Totals: []StageTotal{}, Forecast: []MonthForecast{}}
	weighted := func(o *socialcrm.Opportunity) float64 {
		if st, ok := pl.Stage(o.Stage); ok {
			return o.Value() * float64(st.Probability) / 100
		}
		return o.Weighted()
	}
	totals := map[[2]string]*StageTotal{}
	months := map[[2]string]*MonthForecast{}
	for _, o := range os {
		k := [2]string{o.Stage, o.Currency}
		t := totals[k]
		if t == nil {
			t = &StageTotal{Stage: o.Stage, Currency: o.Currency}
			totals[k] = t
		}
		t.Count++
		t.Value += o.Value()
		t.Weighted += weighted(o)
		if o.Outcome != "" {
			continue
		}
		month := ""
		if len(o.ExpectedClose) >= 7 {
			month = o.ExpectedClose[:7]
		}
		mk := [2]string{month, o.Currency}
		m := months[mk]
		if m == nil {
			m = &MonthForecast{Month: month, Currency: o.Currency}
			months[mk] = m
		}
		m.Count++
		m.Value += o.Value()
		m.Weighted += weighted(o)
	}
	stageIndex := func(name string) int {
		if i := slices.IndexFunc(p.Stages, func(s socialcrm.Stage) bool { return s.Name == name }); i >= 0 {
			return i
		}
		return len(p.Stages)
	}
	for _, t := range totals {
		p.Totals = append(p.Totals, *t)
	}
	slices.SortFunc(p.Totals, func(a, b StageTotal) int {
		return cmp.Or(cmp.Compare(stageIndex(a.Stage), stageIndex(b.Stage)), cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Currency, b.Currency))
	})
	for _, m := range months {
		p.Forecast = append(p.Forecast, *m)
	}
	slices.SortFunc(p.Forecast, func(a, b MonthForecast) int {
		return cmp.Or(boolOrder(a.Month == "", b.Month == ""), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Currency, b.Currency))
	})
	return p
}

// boolOrder orders false before true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
