package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testTokenStore(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		must(t, "create ana", s.CreateUser(ctx, newUser("u-ana", "ana@example.com", socialcrm.RoleAdmin)))
		must(t, "create bo", s.CreateUser(ctx, newUser("u-bo", "bo@example.com", socialcrm.RoleAdmin)))
		scrape := &socialcrm.Token{ID: "t-1", Name: "prometheus", Prefix: "sct_abcdefgh", Hash: "h1", Role: socialcrm.RoleViewer,
			UserID: "u-ana", CreatedAt: at(0), ExpiresAt: at(24 * time.Hour)}
		must(t, "create", s.CreateToken(ctx, scrape))
		must(t, "create ci", s.CreateToken(ctx, &socialcrm.Token{ID: "t-2", Name: "ci", Prefix: "sct_x", Hash: "h2",
			Role: socialcrm.RoleAnalyst, UserID: "u-ana", CreatedAt: at(time.Hour)}))
		must(t, "create bo's", s.CreateToken(ctx, &socialcrm.Token{ID: "t-3", Name: "bo", Prefix: "sct_y", Hash: "h3",
			Role: socialcrm.RoleAgent, UserID: "u-bo", CreatedAt: at(2 * time.Hour)}))
		got, err := s.FindTokenByHash(ctx, "h1")
		must(t, "find by hash", err)
		diff(t, "token", scrape, got)
		must(t, "touch", s.TouchToken(ctx, "t-1", at(time.Minute)))
		rev, err := s.RevokeToken(ctx, "t-1", at(2*time.Minute))
		must(t, "revoke", err)
		if !rev.LastUsedAt.Equal(at(time.Minute)) || !rev.RevokedAt.Equal(at(2*time.Minute)) || rev.Usable(at(3*time.Minute)) {
			t.Errorf("revoked token = %+v", rev)
		}
		again, err := s.RevokeToken(ctx, "t-1", at(time.Hour))
		must(t, "revoke again", err)
		if !again.RevokedAt.Equal(at(2 * time.Minute)) {
			t.Errorf("revoking twice moved RevokedAt to %v", again.RevokedAt)
		}
		n, err := s.RevokeUserTokens(ctx, "u-ana", at(3*time.Hour))
		must(t, "revoke user tokens", err)
		if n != 1 {
			t.Errorf("RevokeUserTokens = %d, want 1 (t-1 was revoked already)", n)
		}
		ts, err := s.FindTokens(ctx)
		must(t, "find tokens", err)
		if len(ts) != 3 || ts[0].ID != "t-3" || ts[2].ID != "t-1" || !ts[1].RevokedAt.Equal(at(3*time.Hour)) || !ts[0].RevokedAt.IsZero() {
			t.Errorf("FindTokens = %+v", ts)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		must(t, "create ana", s.CreateUser(ctx, newUser("u-ana", "ana@example.com", socialcrm.RoleAdmin)))
		tok := &socialcrm.Token{ID: "t-1", Name: "x", Prefix: "p", Hash: "h1", Role: socialcrm.RoleViewer, UserID: "u-ana"}
		must(t, "create", s.CreateToken(ctx, tok))
		dup := *tok
		dup.ID = "t-2"
		wantErr(t, "same hash", s.CreateToken(ctx, &dup), socialcrm.ErrConflict)
		other := *tok
		other.ID, other.Hash, other.UserID = "t-3", "h3", "nobody"
		wantErr(t, "unknown user", s.CreateToken(ctx, &other), socialcrm.ErrNotFound)
		bad := *tok
		bad.ID, bad.Hash, bad.Role = "t-4", "h4", "root"
		wantErr(t, "bad role", s.CreateToken(ctx, &bad), socialcrm.ErrInvalid)
		_, err := s.FindTokenByHash(ctx, "nope")
		wantErr(t, "find unknown", err, socialcrm.ErrNotFound)
		_, err = s.RevokeToken(ctx, "nope", at(0))
		wantErr(t, "revoke unknown", err, socialcrm.ErrNotFound)
		wantErr(t, "touch unknown", s.TouchToken(ctx, "nope", at(0)), socialcrm.ErrNotFound)
	})
}
