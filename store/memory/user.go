package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.UserStore = (*Store)(nil)

// access holds the records of who may use the service. Its maps are made
// on first use, under the store's write lock.
type access struct {
	users    map[string]*socialcrm.User
	sessions map[string]*socialcrm.Session
	tokens   map[string]*socialcrm.Token
	audit    []*socialcrm.AuditEntry // append-only, in order of appending
}

// init makes the maps; the caller holds the write lock.
func (a *access) init() {
	if a.users == nil {
		a.users = make(map[string]*socialcrm.User)
		a.sessions = make(map[string]*socialcrm.Session)
		a.tokens = make(map[string]*socialcrm.Token)
	}
}

func copyUser(u *socialcrm.User) *socialcrm.User {
	c := *u
	c.Teams = slices.Clone(u.Teams)
	if len(c.Teams) == 0 {
		c.Teams = nil
	}
	c.CreatedAt, c.UpdatedAt = norm(u.CreatedAt), norm(u.UpdatedAt)
	return &c
}

// taken returns the user other than id holding u's email or subject.
func (a *access) taken(u *socialcrm.User) *socialcrm.User {
	for _, o := range a.users {
		if o.ID != u.ID && (o.Email == u.Email || (u.Subject != "" && o.Subject == u.Subject)) {
			return o
		}
	}
	return nil
}

// CreateUser stores a new user; a taken ID, email or subject is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *socialcrm.User) error {
	return s.putUser(u, true)
}

// UpdateUser replaces a stored user, keeping its CreatedAt.
func (s *Store) UpdateUser(ctx context.Context, u *socialcrm.User) error {
	return s.putUser(u, false)
}

func (s *Store) putUser(u *socialcrm.User, create bool) error {
	verb := map[bool]string{true: "create", false: "update"}[create]
	if err := u.Validate(); err != nil {
		return fmt.Errorf("memory: %s user: %w", verb, err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.access.init()
	b := copyUser(u)
	b.Email, _ = socialcrm.NormalizeEmail(u.Email)
	old := s.access.users[b.ID]
	switch {
	case create && old != nil:
		return fmt.Errorf("memory: create user %q: id taken: %w", b.ID, socialcrm.ErrConflict)
	case !create && old == nil:
		return fmt.Errorf("memory: user %q: %w", b.ID, socialcrm.ErrNotFound)
	}
	if o := s.access.taken(b); o != nil {
		return fmt.Errorf("memory: %s user %q: email or subject taken by %q: %w", verb, b.ID, o.ID, socialcrm.ErrConflict)
	}
	var oldCreated *time.Time
	if old != nil {
		oldCreated = &old.CreatedAt
		b.CreatedAt = time.Time{}
	}
	stamp(&b.CreatedAt, &b.UpdatedAt, oldCreated, norm(time.Now()))
	s.access.users[b.ID] = b
	return nil
}

// findUser returns a copy of the first user match accepts, or ErrNotFound.
func (s *Store) findUser(what, v string, match func(*socialcrm.User) bool) (*socialcrm.User, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	for _, u := range s.access.users {
		if match(u) {
			return copyUser(u), nil
		}
	}
	return nil, fmt.Errorf("memory: %s %q: %w", what, v, socialcrm.ErrNotFound)
}

// FindUserByID returns the user with that ID, or ErrNotFound.
func (s *Store) FindUserByID(ctx context.Context, id string) (*socialcrm.User, error) {
	return s.findUser("user", id, func(u *socialcrm.User) bool { return u.ID == id })
}

// FindUserByEmail returns the user with that email, ignoring case.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*socialcrm.User, error) {
	key := socialcrm.NormalizeEmailKey(email)
	return s.findUser("user with email", email, func(u *socialcrm.User) bool { return u.Email == key })
}

// FindUserBySubject returns the user of a single sign-on subject.
func (s *Store) FindUserBySubject(ctx context.Context, subject string) (*socialcrm.User, error) {
	return s.findUser("user with subject", subject, func(u *socialcrm.User) bool { return subject != "" && u.Subject == subject })
}

// FindUsers returns every user, by email.
func (s *Store) FindUsers(ctx context.Context) ([]*socialcrm.User, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*socialcrm.User, 0, len(s.access.users))
	for _, u := range s.access.users {
		out = append(out, copyUser(u))
	}
	slices.SortFunc(out, func(a, b *socialcrm.User) int { return cmp.Compare(a.Email, b.Email) })
	return out, nil
}
