package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// NewUser is what creating a user takes. An empty Password makes a user
// who can sign in only through single sign-on.
type NewUser struct {
	Email    string
	Name     string
	Role     socialcrm.Role
	Teams    []string
	Password string
	Subject  string
}

// CreateUser adds an active user. Returns ErrInvalid for a bad email, role
// or password and ErrConflict when the email is taken.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (*socialcrm.User, error) {
	email, err := socialcrm.NormalizeEmail(n.Email)
	if err != nil {
		return nil, err
	}
	u := &socialcrm.User{ID: newID("u-"), Email: email, Name: strings.TrimSpace(n.Name), Role: n.Role,
		Teams: n.Teams, Active: true, Subject: n.Subject}
	if n.Password != "" || n.Subject == "" {
		if err := CheckPasswordPolicy(n.Password); err != nil {
			return nil, err
		}
		u.PasswordHash = HashPassword(n.Password)
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, fmt.Errorf("auth: create user: %w", err)
	}
	s.log.Info("user created", "user_id", u.ID, "role", u.Role)
	return u, nil
}

// FindUser returns the user of an ID or, when ref holds an "@", an email.
func (s *Service) FindUser(ctx context.Context, ref string) (*socialcrm.User, error) {
	if strings.Contains(ref, "@") {
		return s.store.FindUserByEmail(ctx, ref)
	}
	return s.store.FindUserByID(ctx, ref)
}

// UserUpdate changes a user; nil fields are kept.
type UserUpdate struct {
	Name   *string
	Role   *socialcrm.Role
	Teams  *[]string
	Active *bool
}

// UpdateUser applies upd to the user of ref (ID or email). Disabling a
// user ends their sessions at once. Returns ErrNotFound and ErrInvalid.
func (s *Service) UpdateUser(ctx context.Context, ref string, upd UserUpdate) (*socialcrm.User, error) {
	u, err := s.FindUser(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("auth: update user: %w", err)
	}
	if upd.Name != nil {
		u.Name = strings.TrimSpace(*upd.Name)
	}
	if upd.Role != nil {
		u.Role = *upd.Role
	}
	if upd.Teams != nil {
		u.Teams = *upd.Teams
	}
	if upd.Active != nil {
		u.Active = *upd.Active
	}
	u.UpdatedAt = s.now()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, fmt.Errorf("auth: update user: %w", err)
	}
	if !u.Active {
		if err := s.EndUser(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// EndUser ends every session of a user and revokes their API tokens.
func (s *Service) EndUser(ctx context.Context, id string) error {
	n, err := s.store.DeleteUserSessions(ctx, id)
	if err != nil {
		return fmt.Errorf("auth: end sessions of user %s: %w", id, err)
	}
	m, err := s.store.RevokeUserTokens(ctx, id, s.now())
	if err != nil {
		return fmt.Errorf("auth: revoke tokens of user %s: %w", id, err)
	}
	s.log.Info("sessions ended and tokens revoked", "user_id", id, "sessions", n, "tokens", m)
	return nil
}

// SetPassword gives the user of ref a new password (an admin's reset) and
// ends their sessions.
func (s *Service) SetPassword(ctx context.Context, ref, password string) (*socialcrm.User, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return nil, err
	}
	u, err := s.FindUser(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("auth: set password: %w", err)
	}
	u.PasswordHash, u.UpdatedAt = HashPassword(password), s.now()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, fmt.Errorf("auth: set password: %w", err)
	}
	n, err := s.store.DeleteUserSessions(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("auth: end sessions of user %s: %w", u.ID, err)
	}
	s.log.Info("password set, sessions ended", "user_id", u.ID, "sessions", n)
	return u, nil
}

// ChangePassword replaces a user's own password after checking the
// current one (ErrCredentials when it is wrong), ending their sessions.
func (s *Service) ChangePassword(ctx context.Context, id, current, password string) (*socialcrm.User, error) {
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("auth: change password: %w", err)
	}
	if !VerifyPassword(u.PasswordHash, current) {
		return nil, ErrCredentials
	}
	return s.SetPassword(ctx, id, password)
}

// Bootstrap creates the first admin with email and password when the
// store has no user. It reports whether it created one. With no user and
// no email it fails, saying how to make one.
func (s *Service) Bootstrap(ctx context.Context, email, password string) (bool, error) {
	us, err := s.store.FindUsers(ctx)
	if err != nil {
		return false, fmt.Errorf("auth: bootstrap: %w", err)
	}
	if len(us) > 0 {
		return false, nil
	}
	if email == "" || password == "" {
		return false, errors.New("auth: no user can sign in: set SOCIALCRM_ADMIN_EMAIL and SOCIALCRM_ADMIN_PASSWORD " +
			"(or SOCIALCRM_ADMIN_PASSWORD_FILE) to create the first admin, or run \"socialcrm users add --role admin EMAIL\"")
	}
	if _, err := s.CreateUser(ctx, NewUser{Email: email, Name: "Administrator", Role: socialcrm.RoleAdmin, Password: password}); err != nil {
		return false, fmt.Errorf("auth: bootstrap admin: %w", err)
	}
	return true, nil
}
