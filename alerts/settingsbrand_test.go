package alerts_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// A brand set to null drops its override, whether the file or an edit
// made it; another alerter on the same store and one started afterwards
// drop it too, and the brand's series takes the shared parameters.
func TestEditSettings_RemoveBrand(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if _, err := f.alerter.EditSettings(ctx, []byte(`{"brands": {"acme": {"window": "10m"}, "skyway": {"min_volume": 20}}}`)); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1")}); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(socialcrm.AlertFiring); len(got) != 1 || got[0].Window != "10m0s" {
		t.Fatalf("a VIP alert under acme's override: %+v, want one with window 10m0s", got)
	}
	other, err := alerts.New(f.conf, f.store, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.alerter.EditSettings(ctx, []byte(`{"brands": {"acme": null, "nobody": null}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := out.(alerts.Settings)
	if _, ok := s.Brands["acme"]; ok || s.Brands["skyway"].MinVolume != 20 || len(s.Brands) != 1 {
		t.Fatalf("brands after removing acme: %+v, want skyway's alone", s.Brands)
	}
	if err := other.LoadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := alerts.New(f.conf, f.store, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.LoadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*alerts.Alerter{"other": other, "fresh": fresh} {
		if b := settingsOf(t, a).Brands; len(b) != 1 || b["skyway"].MinVolume != 20 {
			t.Errorf("%s alerter's brands = %+v, want skyway's alone", name, b)
		}
	}

	fired := f.stored(socialcrm.AlertFiring)[0]
	if _, err := f.alerter.Resolve(ctx, fired.ID, "test"); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(time.Minute)
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v2")}); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(socialcrm.AlertFiring); len(got) != 1 || got[0].Window != f.conf.Params.Window.String() {
		t.Errorf("a VIP alert after acme's override is removed: %+v, want one with the shared window %s", got, f.conf.Params.Window)
	}
}

// Brand names are bounded as a mention's brand is, and so is their
// number; the file loader and an edit refuse the same ones.
func TestEditSettings_BrandNames(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	many := make([]string, alerts.MaxBrands+1)
	for i := range many {
		many[i] = fmt.Sprintf(`"b%d": {}`, i)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"brands": {"": {"min_volume": 2}}}`, "want 1 to 128 bytes"},
		{fmt.Sprintf(`{"brands": {%q: {}}}`, strings.Repeat("x", socialcrm.MaxLabelBytes+1)), "(129 bytes): want 1 to 128 bytes"},
		{`{"brands": {` + strings.Join(many, ", ") + `}}`, fmt.Sprintf("want at most %d", alerts.MaxBrands)},
	} {
		_, err := f.alerter.EditSettings(ctx, []byte(tc.body))
		if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60s: err = %v, want ErrInvalid naming %q", tc.body, err, tc.want)
		}
		if _, ferr := alerts.ReadConfig(strings.NewReader(tc.body), f.conf); ferr == nil || !strings.Contains(ferr.Error(), tc.want) {
			t.Errorf("%.60s: file loader err = %v, want %q", tc.body, ferr, tc.want)
		}
	}
	if _, err := f.alerter.EditSettings(ctx, []byte(fmt.Sprintf(`{"brands": {%q: {}}}`, strings.Repeat("x", socialcrm.MaxLabelBytes)))); err != nil {
		t.Errorf("a brand name of %d bytes: %v", socialcrm.MaxLabelBytes, err)
	}
}
