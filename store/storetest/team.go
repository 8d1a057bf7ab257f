package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testTeamStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		b := &socialcrm.Team{ID: "social-b", Name: "Social B", CreatedAt: t0, UpdatedAt: t0}
		a := &socialcrm.Team{ID: "social-a", Name: "Social A", Supervisor: "u-sue", Calendar: "office", CreatedAt: t0, UpdatedAt: t0}
		must(t, "SaveTeam b", s.SaveTeam(ctx, b))
		must(t, "SaveTeam a", s.SaveTeam(ctx, a))
		got, err := s.FindTeamByID(ctx, "social-a")
		must(t, "FindTeamByID", err)
		diff(t, "team", a, got)
		all, err := s.FindTeams(ctx)
		must(t, "FindTeams", err)
		diff(t, "teams by id", []*socialcrm.Team{a, b}, all)

		// A zero CreatedAt keeps the stored one.
		upd := &socialcrm.Team{ID: "social-a", Name: "Social A (EMEA)", Supervisor: "u-max", UpdatedAt: t0.Add(time.Hour)}
		must(t, "SaveTeam again", s.SaveTeam(ctx, upd))
		got, err = s.FindTeamByID(ctx, "social-a")
		must(t, "FindTeamByID", err)
		want := *upd
		want.CreatedAt = t0
		diff(t, "updated team", &want, got)

		must(t, "DeleteTeam", s.DeleteTeam(ctx, "social-b"))
		if _, err := s.FindTeamByID(ctx, "social-b"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("FindTeamByID after delete = %v, want ErrNotFound", err)
		}
		if err := s.DeleteTeam(ctx, "social-b"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("DeleteTeam again = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, tm := range map[string]*socialcrm.Team{
			"NoID":   {Name: "x"},
			"BadID":  {ID: "a b", Name: "x"},
			"NoName": {ID: "a"},
			"LongID": {ID: string(make([]byte, 65)), Name: "x"},
		} {
			if err := s.SaveTeam(ctx, tm); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("%s: SaveTeam = %v, want ErrInvalid", name, err)
			}
		}
		if ts, err := s.FindTeams(ctx); err != nil || len(ts) != 0 {
			t.Errorf("FindTeams after invalid saves = %v, %v; want none", ts, err)
		}
	})
}
