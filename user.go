package socialcrm

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user or an API token may do. Each role can do everything
// the roles before it can: viewer, agent, analyst, admin.
type Role string

// Roles, from least to most privileged.
const (
	RoleViewer  Role = "viewer"  // reads dashboards and records
	RoleAgent   Role = "agent"   // + works cases, corrects sentiment
	RoleAnalyst Role = "analyst" // + silences, alert settings, rules, segments
	RoleAdmin   Role = "admin"   // + users, tokens, GDPR, audit
)

// Roles lists every role from least to most privileged.
var Roles = []Role{RoleViewer, RoleAgent, RoleAnalyst, RoleAdmin}

// ParseRole returns the role named s, or ErrInvalid.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Roles, r) {
		return "", Invalidf("role %q: want viewer, agent, analyst or admin", s)
	}
	return r, nil
}

// AtLeast reports whether r has every right of min.
func (r Role) AtLeast(min Role) bool {
	i, j := slices.Index(Roles, r), slices.Index(Roles, min)
	return i >= 0 && j >= 0 && i >= j
}

// User is a person who signs in to the dashboard and the API.
type User struct {
	ID    string   `json:"id"`
	Email string   `json:"email"` // unique, ignoring case
	Name  string   `json:"name,omitempty"`
	Role  Role     `json:"role"`
	Teams []string `json:"teams,omitempty"`
	// Active is false once the user is disabled: they cannot sign in.
	Active bool `json:"active"`
	// PasswordHash is the PHC-encoded argon2id hash of the password, empty
	// for users who sign in only through single sign-on.
	PasswordHash string `json:"-"`
	// Subject is the OpenID Connect issuer and subject ("issuer|sub") of
	// users who signed in through single sign-on.
	Subject   string    `json:"subject,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NormalizeEmail returns the address part of s in lower case, or ErrInvalid.
func NormalizeEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name != "" || len(a.Address) > 254 {
		return "", Invalidf("email %q: want an address such as ana@example.com", s)
	}
	return strings.ToLower(a.Address), nil
}

// Validate returns ErrInvalid when the user lacks an ID, a valid email or
// a known role.
func (u *User) Validate() error {
	if u.ID == "" {
		return Invalidf("user: empty id")
	}
	if _, err := NormalizeEmail(u.Email); err != nil {
		return fmt.Errorf("user %s: %w", u.ID, err)
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		return fmt.Errorf("user %s: %w", u.ID, err)
	}
	if len(u.Name) > 200 || len(u.Teams) > 50 {
		return Invalidf("user %s: name over 200 bytes or more than 50 teams", u.ID)
	}
	return nil
}

// UserStore keeps users.
type UserStore interface {
	// CreateUser stores a new user. Returns ErrInvalid when the user does
	// not pass Validate and ErrConflict when its ID, email (ignoring case)
	// or non-empty Subject is taken. The email is stored in lower case.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser replaces a stored user (CreatedAt is kept). Returns
	// ErrNotFound for an unknown ID, ErrInvalid and ErrConflict as
	// CreateUser.
	UpdateUser(ctx context.Context, u *User) error
	// FindUserByID returns ErrNotFound if no user has that ID.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUserByEmail returns the user of that email, ignoring case, or
	// ErrNotFound.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUserBySubject returns the user of that single sign-on subject,
	// or ErrNotFound.
	FindUserBySubject(ctx context.Context, subject string) (*User, error)
	// FindUsers returns every user, by email.
	FindUsers(ctx context.Context) ([]*User, error)
}

// NormalizeEmailKey returns s as stores compare emails: trimmed, in lower
// case.
func NormalizeEmailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
