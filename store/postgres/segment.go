package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.SegmentStore = (*Store)(nil)

// CreateSegment stores a new segment.
func (s *Store) CreateSegment(ctx context.Context, g *socialcrm.Segment) error {
	if err := g.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	rules, err := json.Marshal(g.Rules)
	if err != nil {
		return fmt.Errorf("postgres: segment %q: %w", g.ID, err)
	}
	now := micro(time.Now())
	_, err = s.pool.Exec(ctx, `INSERT INTO segments (id, name, rules, priority_boost, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, g.ID, socialcrm.CleanText(g.Name), rules, g.Boost, now)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return fmt.Errorf("postgres: segment %q exists: %w", g.ID, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: create segment %q: %w", g.ID, err)
	}
	return nil
}

// UpdateSegment replaces a stored segment.
func (s *Store) UpdateSegment(ctx context.Context, g *socialcrm.Segment) error {
	if err := g.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	rules, err := json.Marshal(g.Rules)
	if err != nil {
		return fmt.Errorf("postgres: segment %q: %w", g.ID, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE segments SET name = $2, rules = $3, priority_boost = $4, updated_at = $5 WHERE id = $1`,
		g.ID, socialcrm.CleanText(g.Name), rules, g.Boost, micro(time.Now()))
	if err != nil {
		return fmt.Errorf("postgres: update segment %q: %w", g.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: segment %q: %w", g.ID, socialcrm.ErrNotFound)
	}
	return nil
}

func scanSegment(row pgx.CollectableRow) (*socialcrm.Segment, error) {
	var g socialcrm.Segment
	var rules []byte
	if err := row.Scan(&g.ID, &g.Name, &rules, &g.Boost, &g.CreatedAt, &g.UpdatedAt); err != nil {
		return nil, err
	}
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	return &g, json.Unmarshal(rules, &g.Rules)
}

const segmentColumns = `id, name, rules, priority_boost, created_at, updated_at`

// FindSegmentByID returns the segment with that ID, or ErrNotFound.
func (s *Store) FindSegmentByID(ctx context.Context, id string) (*socialcrm.Segment, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+segmentColumns+` FROM segments WHERE id = $1`, socialcrm.CleanText(id))
	g, err := pgx.CollectExactlyOneRow(rows, scanSegment)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: segment %q: %w", id, socialcrm.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find segment %q: %w", id, err)
	}
	return g, nil
}

// FindSegments returns every segment by name, then ID.
func (s *Store) FindSegments(ctx context.Context) ([]*socialcrm.Segment, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+segmentColumns+` FROM segments ORDER BY name, id`)
	gs, err := pgx.CollectRows(rows, scanSegment)
	if err != nil {
		return nil, fmt.Errorf("postgres: find segments: %w", err)
	}
	return gs, nil
}

// DeleteSegment removes a segment.
func (s *Store) DeleteSegment(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM segments WHERE id = $1`, socialcrm.CleanText(id))
	if err != nil {
		return fmt.Errorf("postgres: delete segment %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: delete segment %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}
