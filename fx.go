package socialcrm

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// MaxFXRates bounds the currencies of a rates table.
const MaxFXRates = 300

// FXRates converts amounts between currencies through a base currency:
// Rates[c] is what one unit of c is worth in Base (USD: 0.92 with base EUR
// means 1 USD = 0.92 EUR). Base itself is worth 1. A nil *FXRates knows no
// rate: only same-currency amounts convert.
type FXRates struct {
	Base  string             `json:"base" yaml:"base"`
	Rates map[string]float64 `json:"rates" yaml:"rates"`
}

// Validate reports the first reason r cannot be used.
func (r *FXRates) Validate() error {
	if !ValidCurrency(r.Base) {
		return Invalidf("fx rates: base %q: want an ISO 4217 code such as EUR", r.Base)
	}
	if len(r.Rates) == 0 || len(r.Rates) > MaxFXRates {
		return Invalidf("fx rates: %d rates: want 1 to %d", len(r.Rates), MaxFXRates)
	}
	for _, c := range slices.Sorted(maps.Keys(r.Rates)) {
		v := r.Rates[c]
		switch {
		case !ValidCurrency(c):
			return Invalidf("fx rates: currency %q: want an ISO 4217 code in upper case such as USD", c)
		case math.IsNaN(v) || math.IsInf(v, 0) || v <= 0:
			return Invalidf("fx rates: %s: rate %v: want a positive number (what one %s is worth in %s)", c, v, c, r.Base)
		case c == r.Base && v != 1:
			return Invalidf("fx rates: %s is the base: its rate is 1, not %v", c, v)
		}
	}
	return nil
}

// Rate returns what one unit of from is worth in to, and false when r
// knows no rate for one of them.
func (r *FXRates) Rate(from, to string) (float64, bool) {
	if from == to {
		return 1, true
	}
	if r == nil {
		return 0, false
	}
	inBase := func(c string) (float64, bool) {
		if c == r.Base {
			return 1, true
		}
		v, ok := r.Rates[c]
		return v, ok
	}
	f, ok1 := inBase(from)
	t, ok2 := inBase(to)
	if !ok1 || !ok2 {
		return 0, false
	}
	return f / t, true
}

// Currencies lists the currencies r converts, for error messages.
func (r *FXRates) Currencies() string {
	if r == nil {
		return "none"
	}
	cs := append([]string{r.Base}, slices.Sorted(maps.Keys(r.Rates))...)
	return strings.Join(slices.Compact(cs), ", ")
}

// Credit is what a won opportunity added to its account's value: Value in
// the account's Currency, converted at Rate (units of Currency per unit
// of the opportunity's currency; 1 when they are the same).
type Credit struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
	Rate     float64 `json:"rate"`
}

// Credit returns what the won opportunity o adds to the value of an
// account valued in currency, converted by r and rounded to the cent (to
// the unit for currencies without minor units). Returns ErrInvalid naming
// both currencies when r knows no rate between them: the win is refused
// rather than counted in the wrong currency.
func (r *FXRates) Credit(o *Opportunity, currency string) (*Credit, error) {
	rate, ok := r.Rate(o.Currency, currency)
	if !ok {
		return nil, Invalidf("opportunity %q is in %s and its account is valued in %s: no exchange rate between them (rates known: %s; add one to --fx-rates, or change the opportunity's currency)",
			o.ID, o.Currency, currency, r.Currencies())
	}
	return &Credit{Value: roundMoney(o.Value()*rate, currency), Currency: currency, Rate: rate}, nil
}

// roundMoney rounds v to the cent of currency, or to the unit when it has
// no minor units.
func roundMoney(v float64, currency string) float64 {
	u := minorUnits(currency)
	return math.Round(v*u) / u
}

// CreditFor returns what the won opportunity o adds to account a's value:
// o.Credited when it was converted beforehand (ErrConflict when it is not
// in a's currency any more), or o's own value when o is in a's currency.
// Returns ErrInvalid when o is in another currency and was not converted.
func (o *Opportunity) CreditFor(a *Account) (*Credit, error) {
	cur := a.ValueCurrency()
	if c := o.Credited; c != nil {
		if c.Currency != cur {
			return nil, fmt.Errorf("opportunity %q: converted to %s but account %q is valued in %s: %w", o.ID, c.Currency, a.ID, cur, ErrConflict)
		}
		return c, nil
	}
	return (*FXRates)(nil).Credit(o, cur)
}
