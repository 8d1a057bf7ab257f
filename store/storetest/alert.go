package storetest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testAlertStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("SaveAlert", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a := alert("al1", "acme", t0)
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
			got, err := s.FindAlertByID(ctx, a.ID)
			must(t, "FindAlertByID", err)
			diff(t, "alert", a, got)

			a.Status, a.AckedBy, a.Observed = socialcrm.AlertAcknowledged, "pr@acme.example", 50
			a.Deliveries = append(a.Deliveries, socialcrm.Delivery{Notifier: "email", At: at(time.Hour), OK: true})
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
			got, err = s.FindAlertByID(ctx, a.ID)
			must(t, "FindAlertByID", err)
			diff(t, "updated alert", a, got)
		})
		t.Run("Unrepresentable", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a := alert("al\xff", "acme", t0)
			a.Topic, a.Themes = "de\x00livery", []string{"late", "\x00"}
			want := alert("al\uFFFD", "acme", t0)
			want.Topic, want.Themes = "de\uFFFDlivery", []string{"late", "\uFFFD"}
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
			got, err := s.FindAlertByID(ctx, a.ID)
			must(t, "FindAlertByID", err)
			diff(t, "alert", want, got)
			must(t, "PutState", s.PutState(ctx, "k\xff", []byte{0}))
			v, err := s.GetState(ctx, "k\uFFFD")
			must(t, "GetState", err)
			if !bytes.Equal(v, []byte{0}) {
				t.Errorf("GetState = %v, want [0]", v)
			}
		})
		t.Run("Timestamps", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			before := time.Now()
			a := alert("al1", "acme", t0)
			a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
			got, err := s.FindAlertByID(ctx, a.ID)
			must(t, "FindAlertByID", err)
			recent(t, "CreatedAt", got.CreatedAt, before)
			recent(t, "UpdatedAt", got.UpdatedAt, before)
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
			again, err := s.FindAlertByID(ctx, a.ID)
			must(t, "FindAlertByID", err)
			if !again.CreatedAt.Equal(got.CreatedAt) {
				t.Errorf("CreatedAt after re-save = %v, want it kept: %v", again.CreatedAt, got.CreatedAt)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			wantErr(t, "SaveAlert(nil)", s.SaveAlert(ctx, nil), socialcrm.ErrInvalid)
			wantErr(t, "SaveAlert(no ID)", s.SaveAlert(ctx, &socialcrm.Alert{Brand: "acme"}), socialcrm.ErrInvalid)
		})
	})
	t.Run("FindAlertByID", func(t *testing.T) {
		t.Run("ErrNotFound", func(t *testing.T) {
			t.Parallel()
			_, err := open(t).FindAlertByID(ctx, "nope")
			wantErr(t, "FindAlertByID", err, socialcrm.ErrNotFound)
		})
	})
	t.Run("FindAlerts", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			as := []*socialcrm.Alert{alert("a1", "acme", t0), alert("a2", "acme", at(time.Hour)), alert("a3", "globex", at(2*time.Hour)), alert("a0", "acme", at(time.Hour))}
			as[1].Status = socialcrm.AlertResolved
			for _, a := range as {
				must(t, "SaveAlert", s.SaveAlert(ctx, a))
			}
			for _, tc := range []struct {
				name  string
				f     socialcrm.AlertFilter
				want  []string
				total int
			}{
				{"All", socialcrm.AlertFilter{}, []string{"a3", "a2", "a0", "a1"}, 4},
				{"Brand", socialcrm.AlertFilter{Brand: ptr("acme")}, []string{"a2", "a0", "a1"}, 3},
				{"Status", socialcrm.AlertFilter{Status: ptr(socialcrm.AlertFiring)}, []string{"a3", "a0", "a1"}, 3},
				{"Since", socialcrm.AlertFilter{Since: ptr(at(time.Hour))}, []string{"a3", "a2", "a0"}, 3},
				{"BrandStatusSince", socialcrm.AlertFilter{Brand: ptr("acme"), Status: ptr(socialcrm.AlertFiring), Since: ptr(at(time.Minute))}, []string{"a0"}, 1},
				{"Page", socialcrm.AlertFilter{Offset: 1, Limit: 2}, []string{"a2", "a0"}, 4},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, n, err := s.FindAlerts(ctx, tc.f)
					must(t, "FindAlerts", err)
					gotIDs := make([]string, len(got))
					for i, a := range got {
						gotIDs[i] = a.ID
					}
					diff(t, "IDs", tc.want, gotIDs)
					if n != tc.total {
						t.Errorf("total = %d, want %d", n, tc.total)
					}
				})
			}
			got, _, err := s.FindAlerts(ctx, socialcrm.AlertFilter{Brand: ptr("globex")})
			must(t, "FindAlerts", err)
			diff(t, "full alerts", []*socialcrm.Alert{as[2]}, got)
		})
		t.Run("DefaultLimit", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			for i := range 52 {
				must(t, "SaveAlert", s.SaveAlert(ctx, alert(fmt.Sprintf("a%02d", i), "acme", at(time.Duration(i)*time.Minute))))
			}
			got, n, err := s.FindAlerts(ctx, socialcrm.AlertFilter{})
			must(t, "FindAlerts", err)
			if len(got) != 50 || n != 52 {
				t.Errorf("got %d alerts, total %d; want 50 of 52", len(got), n)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			_, _, err := s.FindAlerts(ctx, socialcrm.AlertFilter{Limit: -2})
			wantErr(t, "FindAlerts(limit -2)", err, socialcrm.ErrInvalid)
			_, _, err = s.FindAlerts(ctx, socialcrm.AlertFilter{Offset: -1})
			wantErr(t, "FindAlerts(offset -1)", err, socialcrm.ErrInvalid)
		})
	})
}

func testStateStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		big := bytes.Repeat([]byte{0, 1, 2, 0xff}, 1<<18) // 1 MiB with NUL bytes
		for _, v := range [][]byte{[]byte(`{"cursor":"abc"}`), big, {}} {
			must(t, "PutState", s.PutState(ctx, "collector/mastodon", v))
			got, err := s.GetState(ctx, "collector/mastodon")
			must(t, "GetState", err)
			if !bytes.Equal(got, v) {
				t.Errorf("GetState = %d bytes, want the %d bytes put", len(got), len(v))
			}
		}
		must(t, "PutState", s.PutState(ctx, "other", []byte("x")))
		v := []byte("kept")
		must(t, "PutState", s.PutState(ctx, "k", v))
		v[0] = 'X'
		got, err := s.GetState(ctx, "k")
		must(t, "GetState", err)
		got[1] = 'X'
		got, err = s.GetState(ctx, "k")
		must(t, "GetState", err)
		if string(got) != "kept" {
			t.Errorf("GetState = %q after changing the put and the returned slices, want %q", got, "kept")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		_, err := open(t).GetState(ctx, "nope")
		wantErr(t, "GetState", err, socialcrm.ErrNotFound)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		wantErr(t, "PutState(empty key)", open(t).PutState(ctx, "", []byte("x")), socialcrm.ErrInvalid)
	})
}
