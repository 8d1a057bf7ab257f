package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.UserStore = (*Store)(nil)

// CreateUser stores a new user; a taken ID, email or subject is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *socialcrm.User) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("postgres: create user: %w", err)
	}
	email, _ := socialcrm.NormalizeEmail(u.Email)
	now := time.Now()
	_, err := s.pool.Exec(ctx, `INSERT INTO users (id, email, name, role, teams, active, password_hash, subject,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, $11), COALESCE($10::timestamptz, $11))`,
		u.ID, email, u.Name, u.Role, teams(u.Teams), u.Active, u.PasswordHash, u.Subject,
		nullTime(u.CreatedAt), nullTime(u.UpdatedAt), now)
	return userErr(err, "create", u)
}

// UpdateUser replaces a stored user, keeping its CreatedAt.
func (s *Store) UpdateUser(ctx context.Context, u *socialcrm.User) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("postgres: update user: %w", err)
	}
	email, _ := socialcrm.NormalizeEmail(u.Email)
	tag, err := s.pool.Exec(ctx, `UPDATE users SET email = $2, name = $3, role = $4, teams = $5, active = $6,
		password_hash = $7, subject = $8, updated_at = COALESCE($9::timestamptz, now()) WHERE id = $1`,
		u.ID, email, u.Name, u.Role, teams(u.Teams), u.Active, u.PasswordHash, u.Subject, nullTime(u.UpdatedAt))
	if err == nil && tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: user %q: %w", u.ID, socialcrm.ErrNotFound)
	}
	return userErr(err, "update", u)
}

func userErr(err error, verb string, u *socialcrm.User) error {
	if detail, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: %s user %q: taken (%s): %w", verb, u.ID, detail, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: %s user %q: %w", verb, u.ID, err)
	}
	return nil
}

func teams(ts []string) []string {
	if ts == nil {
		return []string{}
	}
	return ts
}

const selectUsers = `SELECT id, email, name, role, teams, active, password_hash, subject, created_at, updated_at FROM users`

func scanUser(row pgx.CollectableRow) (*socialcrm.User, error) {
	var u socialcrm.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Teams, &u.Active, &u.PasswordHash, &u.Subject,
		&u.CreatedAt, &u.UpdatedAt)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	if len(u.Teams) == 0 {
		u.Teams = nil
	}
	return &u, err
}

func (s *Store) findUser(ctx context.Context, cond, what, v string) (*socialcrm.User, error) {
	rows, _ := s.pool.Query(ctx, selectUsers+` WHERE `+cond+` = $1`, v)
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return nil, notFound(err, what, v)
	}
	return u, nil
}

// FindUserByID returns the user with that ID, or ErrNotFound.
func (s *Store) FindUserByID(ctx context.Context, id string) (*socialcrm.User, error) {
	return s.findUser(ctx, "id", "user", id)
}

// FindUserByEmail returns the user with that email, ignoring case.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*socialcrm.User, error) {
	return s.findUser(ctx, "email", "user with email", socialcrm.NormalizeEmailKey(email))
}

// FindUserBySubject returns the user of a single sign-on subject.
func (s *Store) FindUserBySubject(ctx context.Context, subject string) (*socialcrm.User, error) {
	if subject == "" {
		return nil, fmt.Errorf("postgres: user with an empty subject: %w", socialcrm.ErrNotFound)
	}
	return s.findUser(ctx, "subject", "user with subject", subject)
}

// FindUsers returns every user, by email.
func (s *Store) FindUsers(ctx context.Context) ([]*socialcrm.User, error) {
	rows, _ := s.pool.Query(ctx, selectUsers+` ORDER BY email`)
	us, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("postgres: find users: %w", err)
	}
	return us, nil
}
