package alerts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

func settingsOf(t *testing.T, a *alerts.Alerter) alerts.Settings {
	t.Helper()
	s, ok := a.Settings().(alerts.Settings)
	if !ok {
		t.Fatalf("Settings() = %T", a.Settings())
	}
	return s
}

func goldMention(id string) *socialcrm.Mention {
	return &socialcrm.Mention{ID: id, Source: "test", Brand: "acme", Author: socialcrm.Author{Handle: "gill", Followers: 30},
		Text: "this is useless", Contacts: []string{"c-gold"}, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative}}
}

// An edit made through one alerter is stored, and another alerter on the
// same store (another process) applies it when told: its VIP threshold
// changes what raises an alert.
func TestEditSettings_OtherAlerterApplies(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	other, err := alerts.New(f.conf, f.store, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Observe(ctx, []*socialcrm.Mention{goldMention("test:g1")}); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(socialcrm.AlertFiring); len(got) != 0 {
		t.Fatalf("gold contact under the 500000 VIP value: firing = %+v, want none", got)
	}
	out, err := f.alerter.EditSettings(ctx, []byte(`{"vip_value": 40000, "params": {"threshold": 7}, "brands": {"skyway": {"min_volume": 20}}, "max_per_hour": 5}`))
	if err != nil {
		t.Fatal(err)
	}
	s := out.(alerts.Settings)
	if s.VIPValue != 40000 || s.Params.Threshold != 7 || s.MaxPerHour != 5 || s.Brands["skyway"].MinVolume != 20 || s.Brands["skyway"].Threshold != 7 {
		t.Fatalf("edited settings = %+v", s)
	}
	if err := other.LoadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(settingsOf(t, f.alerter), settingsOf(t, other)); diff != "" {
		t.Errorf("the other alerter's settings differ (-editor +other):\n%s", diff)
	}
	if err := other.Observe(ctx, []*socialcrm.Mention{goldMention("test:g2")}); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(socialcrm.AlertFiring); len(got) != 1 || got[0].Reason != socialcrm.ReasonVIP {
		t.Fatalf("gold contact over the edited VIP value 40000: firing = %+v, want one VIP alert", got)
	}

	t.Run("StoredWinsAtStart", func(t *testing.T) {
		conf := f.conf
		conf.Params.Threshold = 9
		conf.MaxPerHour = 50
		fresh, err := alerts.New(conf, f.store, nil, nil, prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		if err := fresh.LoadSettings(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(settingsOf(t, f.alerter), settingsOf(t, fresh)); diff != "" {
			t.Errorf("a new alerter over other file settings (-stored +fresh):\n%s", diff)
		}
	})
}

// Bad settings are refused with the file loader's own errors, and leave
// the settings in force and the stored ones as they were.
func TestEditSettings_Invalid(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	before, err := json.Marshal(f.alerter.Settings())
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`{"params": {"threshold": -1}}`,
		`{"bogus": 1}`,
		`{"params": {"window": "soon"}}`,
		`{"max_per_hour": -3}`,
		`{"brands": {"skyway": {"persistence": -1}}}`,
		`[1, 2`,
	} {
		_, err := f.alerter.EditSettings(ctx, []byte(body))
		if !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", body, err)
			continue
		}
		_, ferr := alerts.ReadConfig(strings.NewReader(body), f.conf)
		if ferr == nil || !strings.HasPrefix(err.Error(), ferr.Error()) {
			t.Errorf("%s: err = %q, want the file loader's %v", body, err, ferr)
		}
	}
	for _, body := range []string{"", "  \n", `{"vip_segment": "key-accounts"}`, `{"segment_refresh": "5m"}`, strings.Repeat(" ", alerts.MaxSettingsBytes+1)} {
		if _, err := f.alerter.EditSettings(ctx, []byte(body)); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("%.40q: err = %v, want ErrInvalid", body, err)
		}
	}
	after, _ := json.Marshal(f.alerter.Settings())
	if string(after) != string(before) {
		t.Errorf("settings changed by refused edits:\n%s\nwant\n%s", after, before)
	}
	if _, err := f.store.GetState(ctx, alerts.SettingsKey); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("stored settings after refused edits: err = %v, want ErrNotFound", err)
	}
}

// Edits while the alerter observes, ticks and shows its settings (run
// with -race).
func TestEditSettings_WhileRunning(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			body := fmt.Sprintf(`{"vip_value": %d, "params": {"threshold": %d}, "brands": {"acme": {"min_volume": %d}}}`, 40000+i, 5+i%3, 5+i)
			if _, err := f.alerter.EditSettings(ctx, []byte(body)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; ; i++ {
		ms := []*socialcrm.Mention{goldMention(fmt.Sprintf("test:w%d", i)), vipMention(fmt.Sprintf("test:v%d", i))}
		if err := f.alerter.Observe(ctx, ms); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(time.Minute)
		if err := f.alerter.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		_ = f.alerter.Settings()
		select {
		case <-done:
			if s := settingsOf(t, f.alerter); s.VIPValue != 40019 || s.Brands["acme"].MinVolume != 24 {
				t.Errorf("after the last edit: vip_value %v, acme min_volume %v", s.VIPValue, s.Brands["acme"].MinVolume)
			}
			return
		default:
		}
	}
}
