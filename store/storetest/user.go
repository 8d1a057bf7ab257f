package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func newUser(id, email string, role socialcrm.Role) *socialcrm.User {
	return &socialcrm.User{ID: id, Email: email, Name: "Name " + id, Role: role, Active: true,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", CreatedAt: at(0), UpdatedAt: at(time.Minute)}
}

func testUserStore(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		ana := newUser("u-ana", "Ana@Example.com", socialcrm.RoleAdmin)
		ana.Teams = []string{"emea", "social"}
		must(t, "create ana", s.CreateUser(ctx, ana))
		must(t, "create bo", s.CreateUser(ctx, newUser("u-bo", "bo@example.com", socialcrm.RoleViewer)))
		want := *ana
		want.Email = "ana@example.com"
		got, err := s.FindUserByID(ctx, "u-ana")
		must(t, "find by id", err)
		diff(t, "user", &want, got)
		got, err = s.FindUserByEmail(ctx, " ANA@example.COM")
		must(t, "find by email", err)
		diff(t, "user by email", &want, got)
		got.Teams[0] = "changed"
		again, _ := s.FindUserByID(ctx, "u-ana")
		diff(t, "teams after changing a returned copy", []string{"emea", "social"}, again.Teams)

		upd := *again
		upd.Role, upd.Active, upd.Name, upd.Subject = socialcrm.RoleAgent, false, "Ana B", "https://idp|ana"
		upd.CreatedAt, upd.UpdatedAt = time.Time{}, time.Time{}
		before := time.Now()
		must(t, "update", s.UpdateUser(ctx, &upd))
		got, err = s.FindUserBySubject(ctx, "https://idp|ana")
		must(t, "find by subject", err)
		if got.Role != socialcrm.RoleAgent || got.Active || got.Name != "Ana B" || !got.CreatedAt.Equal(at(0)) {
			t.Errorf("updated user = %+v", got)
		}
		recent(t, "updated_at", got.UpdatedAt, before)
		us, err := s.FindUsers(ctx)
		must(t, "find users", err)
		if len(us) != 2 || us[0].ID != "u-ana" || us[1].ID != "u-bo" {
			t.Errorf("FindUsers = %v, want ana then bo", us)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		ana := newUser("u-ana", "ana@example.com", socialcrm.RoleAdmin)
		ana.Subject = "idp|1"
		must(t, "create", s.CreateUser(ctx, ana))
		wantErr(t, "same id", s.CreateUser(ctx, newUser("u-ana", "other@example.com", socialcrm.RoleAdmin)), socialcrm.ErrConflict)
		wantErr(t, "same email", s.CreateUser(ctx, newUser("u-2", "ANA@example.com", socialcrm.RoleAdmin)), socialcrm.ErrConflict)
		bo := newUser("u-bo", "bo@example.com", socialcrm.RoleAdmin)
		must(t, "create bo", s.CreateUser(ctx, bo))
		bo.Subject = "idp|1"
		wantErr(t, "same subject", s.UpdateUser(ctx, bo), socialcrm.ErrConflict)
		bo.Subject, bo.Email = "", "ana@example.com"
		wantErr(t, "email taken on update", s.UpdateUser(ctx, bo), socialcrm.ErrConflict)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		_, err := s.FindUserByID(ctx, "nobody")
		wantErr(t, "by id", err, socialcrm.ErrNotFound)
		_, err = s.FindUserByEmail(ctx, "nobody@example.com")
		wantErr(t, "by email", err, socialcrm.ErrNotFound)
		_, err = s.FindUserBySubject(ctx, "")
		wantErr(t, "empty subject", err, socialcrm.ErrNotFound)
		wantErr(t, "update", s.UpdateUser(ctx, newUser("nobody", "n@example.com", socialcrm.RoleViewer)), socialcrm.ErrNotFound)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		wantErr(t, "bad email", s.CreateUser(ctx, newUser("u-1", "not an email", socialcrm.RoleViewer)), socialcrm.ErrInvalid)
		wantErr(t, "bad role", s.CreateUser(ctx, newUser("u-1", "a@example.com", "root")), socialcrm.ErrInvalid)
		wantErr(t, "no id", s.CreateUser(ctx, newUser("", "a@example.com", socialcrm.RoleViewer)), socialcrm.ErrInvalid)
	})
}

func testSessionStore(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		must(t, "create ana", s.CreateUser(ctx, newUser("u-ana", "ana@example.com", socialcrm.RoleAdmin)))
		must(t, "create bo", s.CreateUser(ctx, newUser("u-bo", "bo@example.com", socialcrm.RoleAdmin)))
		for _, ss := range []*socialcrm.Session{
			{Hash: "h1", UserID: "u-ana", CreatedAt: at(0), LastSeenAt: at(0), RemoteAddr: "192.0.2.1"},
			{Hash: "h2", UserID: "u-ana", CreatedAt: at(0), LastSeenAt: at(0)},
			{Hash: "h3", UserID: "u-bo", CreatedAt: at(0), LastSeenAt: at(0)},
		} {
			must(t, "create session", s.CreateSession(ctx, ss))
		}
		wantErr(t, "same hash", s.CreateSession(ctx, &socialcrm.Session{Hash: "h1", UserID: "u-bo"}), socialcrm.ErrConflict)
		wantErr(t, "unknown user", s.CreateSession(ctx, &socialcrm.Session{Hash: "h9", UserID: "nobody"}), socialcrm.ErrNotFound)
		wantErr(t, "no hash", s.CreateSession(ctx, &socialcrm.Session{UserID: "u-bo"}), socialcrm.ErrInvalid)
		must(t, "touch", s.TouchSession(ctx, "h1", at(time.Hour)))
		got, err := s.FindSession(ctx, "h1")
		must(t, "find", err)
		diff(t, "session", &socialcrm.Session{Hash: "h1", UserID: "u-ana", CreatedAt: at(0), LastSeenAt: at(time.Hour),
			RemoteAddr: "192.0.2.1"}, got)
		wantErr(t, "touch unknown", s.TouchSession(ctx, "nope", at(0)), socialcrm.ErrNotFound)

		n, err := s.DeleteUserSessions(ctx, "u-ana")
		must(t, "delete user sessions", err)
		if n != 2 {
			t.Errorf("DeleteUserSessions = %d, want 2", n)
		}
		_, err = s.FindSession(ctx, "h2")
		wantErr(t, "find deleted", err, socialcrm.ErrNotFound)
		must(t, "delete one", s.DeleteSession(ctx, "h3"))
		must(t, "delete again", s.DeleteSession(ctx, "h3"))
		_, err = s.FindSession(ctx, "h3")
		wantErr(t, "find signed out", err, socialcrm.ErrNotFound)
	})
}
