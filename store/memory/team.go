package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.TeamStore = (*Store)(nil)

// SaveTeam upserts a team by ID.
func (s *Store) SaveTeam(ctx context.Context, t *socialcrm.Team) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("memory: save team: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	d := copyTeam(t)
	var old *time.Time
	if o := s.teams[d.ID]; o != nil {
		old = &o.CreatedAt
	}
	stamp(&d.CreatedAt, &d.UpdatedAt, old, norm(time.Now()))
	s.teams[d.ID] = d
	return nil
}

// FindTeamByID returns the team with that ID, or ErrNotFound.
func (s *Store) FindTeamByID(ctx context.Context, id string) (*socialcrm.Team, error) {
	return findByID(s, s.teams, "team", id, copyTeam)
}

// FindTeams returns every team, by ID.
func (s *Store) FindTeams(ctx context.Context) ([]*socialcrm.Team, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*socialcrm.Team, 0, len(s.teams))
	for _, t := range s.teams {
		out = append(out, copyTeam(t))
	}
	slices.SortFunc(out, func(a, b *socialcrm.Team) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// DeleteTeam removes a team, or returns ErrNotFound.
func (s *Store) DeleteTeam(ctx context.Context, id string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.teams[id] == nil {
		return fmt.Errorf("memory: team %q: %w", id, socialcrm.ErrNotFound)
	}
	delete(s.teams, id)
	return nil
}

func copyTeam(t *socialcrm.Team) *socialcrm.Team {
	d := *t
	d.CreatedAt, d.UpdatedAt = norm(t.CreatedAt), norm(t.UpdatedAt)
	return &d
}
