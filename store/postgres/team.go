package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.TeamStore = (*Store)(nil)

// SaveTeam upserts a team by ID; a zero CreatedAt keeps the stored one.
func (s *Store) SaveTeam(ctx context.Context, t *socialcrm.Team) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("postgres: save team: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO teams (id, name, supervisor, calendar, created_at, updated_at)
		VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), COALESCE($6::timestamptz, now()))
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, supervisor = EXCLUDED.supervisor,
		calendar = EXCLUDED.calendar, updated_at = EXCLUDED.updated_at,
		created_at = CASE WHEN $5::timestamptz IS NULL THEN teams.created_at ELSE EXCLUDED.created_at END`,
		t.ID, t.Name, t.Supervisor, t.Calendar, nullTime(t.CreatedAt), nullTime(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("postgres: save team %q: %w", t.ID, rejected(err))
	}
	return nil
}

const selectTeams = `SELECT id, name, supervisor, calendar, created_at, updated_at FROM teams`

func scanTeam(row pgx.CollectableRow) (*socialcrm.Team, error) {
	var t socialcrm.Team
	var created, updated time.Time
	if err := row.Scan(&t.ID, &t.Name, &t.Supervisor, &t.Calendar, &created, &updated); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = created.UTC(), updated.UTC()
	return &t, nil
}

// FindTeamByID returns the team with that ID, or ErrNotFound.
func (s *Store) FindTeamByID(ctx context.Context, id string) (*socialcrm.Team, error) {
	rows, _ := s.pool.Query(ctx, selectTeams+` WHERE id = $1`, id)
	t, err := pgx.CollectExactlyOneRow(rows, scanTeam)
	if err != nil {
		return nil, notFound(err, "team", id)
	}
	return t, nil
}

// FindTeams returns every team, by ID.
func (s *Store) FindTeams(ctx context.Context) ([]*socialcrm.Team, error) {
	rows, _ := s.pool.Query(ctx, selectTeams+` ORDER BY id`)
	ts, err := pgx.CollectRows(rows, scanTeam)
	if err != nil {
		return nil, fmt.Errorf("postgres: find teams: %w", err)
	}
	return ts, nil
}

// DeleteTeam removes a team, or returns ErrNotFound.
func (s *Store) DeleteTeam(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM teams WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("postgres: delete team %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: team %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}
