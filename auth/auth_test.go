package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/store/memory"
)

func TestPassword(t *testing.T) {
	h := auth.HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not PHC argon2id with OWASP parameters", h)
	}
	if h == auth.HashPassword("correct horse battery") {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !auth.VerifyPassword(h, "correct horse battery") || auth.VerifyPassword(h, "correct horse batterz") {
		t.Error("verify accepts a wrong password or refuses the right one")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", strings.Replace(h, "m=19456", "m=999999999", 1), "$argon2id$v=19$m=19456,t=2,p=1$!!$!!"} {
		if auth.VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
}

func TestSession_Expiry(t *testing.T) {
	st, ctx := memory.New(), context.Background()
	conf := auth.DefaultConfig()
	svc, err := auth.New(st, conf, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	svc.SetClock(func() time.Time { return now })
	if _, err := svc.CreateUser(ctx, auth.NewUser{Email: "ana@example.com", Role: socialcrm.RoleAgent, Password: "short"}); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("short password: %v, want ErrInvalid", err)
	}
	u, err := svc.CreateUser(ctx, auth.NewUser{Email: "Ana@Example.com", Role: socialcrm.RoleAgent, Password: "a long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := svc.SignIn(ctx, "ana@example.com", "a long enough password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after time.Duration
		ok    bool
	}{{time.Hour, true}, {conf.IdleTimeout - time.Minute, true}, {conf.IdleTimeout + time.Second, false}} {
		now = now.Add(step.after)
		got, err := svc.Session(ctx, secret)
		if step.ok && (err != nil || got.ID != u.ID) {
			t.Fatalf("session %v later: %v", step.after, err)
		}
		if !step.ok && !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("session idle past %v: %v, want ErrNoSession", conf.IdleTimeout, err)
		}
	}

	// The absolute limit holds however often the session is used.
	_, secret, err = svc.SignIn(ctx, "ana@example.com", "a long enough password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	step := conf.IdleTimeout / 2
	for age := step; age < conf.MaxAge; age += step {
		now = now.Add(step)
		if _, err := svc.Session(ctx, secret); err != nil {
			t.Fatalf("session used every %v, %v after sign-in: %v", step, age, err)
		}
	}
	now = now.Add(step)
	if _, err := svc.Session(ctx, secret); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("session past its maximum age: %v, want ErrNoSession", err)
	}
}

func TestBootstrap(t *testing.T) {
	st, ctx := memory.New(), context.Background()
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Bootstrap(ctx, "", ""); err == nil || !strings.Contains(err.Error(), "SOCIALCRM_ADMIN_EMAIL") {
		t.Errorf("no user, no bootstrap: %v", err)
	}
	if created, err := svc.Bootstrap(ctx, "root@example.com", "a long enough password"); !created || err != nil {
		t.Fatalf("bootstrap: %v %v", created, err)
	}
	if created, err := svc.Bootstrap(ctx, "other@example.com", "a long enough password"); created || err != nil {
		t.Errorf("second bootstrap: %v %v, want nothing done", created, err)
	}
	u, err := st.FindUserByEmail(ctx, "root@example.com")
	if err != nil || u.Role != socialcrm.RoleAdmin || !u.Active {
		t.Errorf("bootstrapped admin = %+v, %v", u, err)
	}
}
