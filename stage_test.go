package socialcrm_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func custom() socialcrm.Stages {
	return socialcrm.Stages{{Name: "discovery", Probability: 10}, {Name: "demo", Probability: 40},
		{Name: "signed", Probability: 100, Outcome: socialcrm.OutcomeWon}, {Name: "lost", Probability: 0, Outcome: socialcrm.OutcomeLost}}
}

func TestPipeline_Validate(t *testing.T) {
	p := custom()
	if err := p.Validate(); err != nil {
		t.Fatalf("valid pipeline: %v", err)
	}
	if !p[2].Closed || p[0].Closed {
		t.Errorf("closed not set from the outcome: %+v", p)
	}
	for name, c := range map[string]struct {
		change func(socialcrm.Stages) socialcrm.Stages
		want   string
	}{
		"too few": {func(p socialcrm.Stages) socialcrm.Stages { return p[:2] }, "want 3 to 20"},
		"no won":  {func(p socialcrm.Stages) socialcrm.Stages { p[2].Outcome = ""; return p }, "no won stage"},
		"no lost": {func(p socialcrm.Stages) socialcrm.Stages {
			p[3].Outcome, p[3].Probability = socialcrm.OutcomeWon, 100
			return p
		}, "no lost stage"},
		"no open": {func(p socialcrm.Stages) socialcrm.Stages {
			p = append(p[2:], p[3])
			p[2].Name = "gone"
			return p
		}, "no open stage"},
		"twice":           {func(p socialcrm.Stages) socialcrm.Stages { p[1].Name = "discovery"; return p }, "listed twice"},
		"bad name":        {func(p socialcrm.Stages) socialcrm.Stages { p[1].Name = "Demo Day"; return p }, "lower-case"},
		"empty name":      {func(p socialcrm.Stages) socialcrm.Stages { p[1].Name = ""; return p }, "1 to 40"},
		"probability":     {func(p socialcrm.Stages) socialcrm.Stages { p[1].Probability = 101; return p }, "0 to 100"},
		"won not 100":     {func(p socialcrm.Stages) socialcrm.Stages { p[2].Probability = 90; return p }, "probability is 100"},
		"lost not 0":      {func(p socialcrm.Stages) socialcrm.Stages { p[3].Probability = 5; return p }, "probability is 0"},
		"unknown outcome": {func(p socialcrm.Stages) socialcrm.Stages { p[1].Outcome = "maybe"; return p }, "want won, lost"},
	} {
		p := c.change(custom())
		err := p.Validate()
		if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrInvalid saying %q", name, err, c.want)
		}
	}
	if got := socialcrm.Stages(nil).Names(); got != "prospecting, qualification, proposal, negotiation, won, lost" {
		t.Errorf("default pipeline = %s", got)
	}
}

func TestPipeline_Move(t *testing.T) {
	p := custom()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	// an opportunity in a stage the configuration dropped
	o := &socialcrm.Opportunity{ID: "o1", Stage: "negotiation", Probability: 75}
	err := p.Move(o, "negotiation", "", "u-ana", at)
	if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), "discovery, demo, signed, lost") {
		t.Errorf("move to a dropped stage: %v, want ErrInvalid naming the stages", err)
	}
	if err := p.Move(o, "demo", "", "u-ana", at); err != nil || o.Stage != "demo" || o.Probability != 40 || o.Outcome != "" {
		t.Errorf("move out of a dropped stage: %+v, %v", o, err)
	}
	if err := p.Move(o, "lost", "", "u-ana", at); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("lost without a reason: %v", err)
	}
	if err := p.Move(o, "signed", "", "u-ana", at); err != nil || o.Outcome != socialcrm.OutcomeWon || o.ClosedAt == nil {
		t.Errorf("won: %+v, %v", o, err)
	}
	if err := p.Move(o, "demo", "", "u-ana", at); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("moving a won one: %v, want ErrConflict", err)
	}
	if len(o.History) != 2 || o.History[0].From != "negotiation" || o.History[1].To != "signed" {
		t.Errorf("history = %+v", o.History)
	}
}

func TestFXRates(t *testing.T) {
	r := &socialcrm.FXRates{Base: "EUR", Rates: map[string]float64{"USD": 0.92, "GBP": 1.17, "JPY": 0.0061}}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		amount     int64
		from, to   string
		want, rate float64
	}{
		{100000, "USD", "EUR", 920, 0.92},            // 1,000.00 USD
		{100000, "EUR", "EUR", 1000, 1},              // same currency
		{100000, "GBP", "USD", 1271.74, 1.17 / 0.92}, // through the base
		{1000000, "JPY", "EUR", 6100, 0.0061},        // JPY has no minor units
		{100000, "EUR", "JPY", 163934, 1 / 0.0061},   // rounded to the yen
	} {
		o := &socialcrm.Opportunity{ID: "o", Amount: c.amount, Currency: c.from}
		got, err := r.Credit(o, c.to)
		if err != nil || got.Value != c.want || got.Currency != c.to || math.Abs(got.Rate-c.rate) > 1e-9 {
			t.Errorf("%d %s → %s = %+v, %v; want %v at %v", c.amount, c.from, c.to, got, err, c.want, c.rate)
		}
	}
	_, err := r.Credit(&socialcrm.Opportunity{ID: "o", Amount: 1, Currency: "CHF"}, "EUR")
	if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), "CHF") || !strings.Contains(err.Error(), "--fx-rates") {
		t.Errorf("unknown currency: %v, want ErrInvalid naming CHF and --fx-rates", err)
	}
	if _, err := (*socialcrm.FXRates)(nil).Credit(&socialcrm.Opportunity{ID: "o", Currency: "USD"}, "EUR"); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("no table, other currency: %v, want ErrInvalid", err)
	}
	for name, bad := range map[string]*socialcrm.FXRates{
		"base":     {Base: "eur", Rates: map[string]float64{"USD": 1}},
		"none":     {Base: "EUR"},
		"zero":     {Base: "EUR", Rates: map[string]float64{"USD": 0}},
		"negative": {Base: "EUR", Rates: map[string]float64{"USD": -1}},
		"code":     {Base: "EUR", Rates: map[string]float64{"usd": 1}},
		"base ≠ 1": {Base: "EUR", Rates: map[string]float64{"EUR": 2}},
	} {
		if err := bad.Validate(); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}
