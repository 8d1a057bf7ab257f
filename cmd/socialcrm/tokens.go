package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// cmdTokens manages the API tokens of the database at DATABASE_URL.
func cmdTokens(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "tokens", []command{
		{"create", "make a token and print its secret, once", tokensCreate},
		{"list", "list tokens, newest first", tokensList},
		{"revoke", "revoke a token by id, at once", tokensRevoke},
	}, args, io)
}

// openAuth opens the store at --database-url and the auth service on it.
func openAuth(ctx context.Context, dsn string) (*postgres.Store, *auth.Service, error) {
	if dsn == "" {
		return nil, nil, errors.New("DATABASE_URL (or --database-url) is required")
	}
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, svc, nil
}

func tokensCreate(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("tokens create", "tokens create --name NAME --role ROLE --user EMAIL [--expires-in D]", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the tokens")
	name := fs.String("name", "", "", "what the token is for, e.g. prometheus")
	role := fs.String("role", "", "viewer", "viewer, agent, analyst or admin")
	owner := fs.String("user", "", "", "email of the admin who owns it (disabling them revokes it)")
	life := fs.Duration("expires-in", "", auth.DefaultTokenLife, "lifetime, at most 8784h")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	r, err := socialcrm.ParseRole(*role)
	if err != nil {
		return fmt.Errorf("tokens create: %w", err)
	}
	st, svc, err := openAuth(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("tokens create: %w", err)
	}
	defer st.Close()
	u, err := svc.FindUser(ctx, *owner)
	if err != nil {
		return fmt.Errorf("tokens create: --user %q: %w", *owner, err)
	}
	if u.Role != socialcrm.RoleAdmin || !u.Active {
		return fmt.Errorf("tokens create: --user %s is not an active admin", u.Email)
	}
	t, secret, err := svc.CreateToken(ctx, auth.NewToken{Name: *name, Role: r, Life: *life, UserID: u.ID})
	if err != nil {
		return fmt.Errorf("tokens create: %w", err)
	}
	if err := auditCLI(ctx, st, "tokens create", "tokens/"+t.ID); err != nil {
		return err
	}
	fmt.Fprintf(io.err, "token %s (%s, %s) expires %s; its secret, shown this once:\n", t.ID, t.Name, t.Role, t.ExpiresAt.Format(time.RFC3339))
	fmt.Fprintln(io.out, secret)
	return nil
}

func tokensList(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("tokens list", "tokens list", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the tokens")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	st, _, err := openAuth(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("tokens list: %w", err)
	}
	defer st.Close()
	ts, err := st.FindTokens(ctx)
	if err != nil {
		return fmt.Errorf("tokens list: %w", err)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tROLE\tUSER\tEXPIRES\tLAST USED\tREVOKED")
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.Role, t.UserID,
			stamp(t.ExpiresAt), stamp(t.LastUsedAt), stamp(t.RevokedAt))
	}
	return tw.Flush()
}

// stamp formats a time for a table, "-" when unset.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func tokensRevoke(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("tokens revoke", "tokens revoke [flags] ID", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the tokens")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("tokens revoke: want one token ID")
	}
	st, svc, err := openAuth(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("tokens revoke: %w", err)
	}
	defer st.Close()
	t, err := svc.RevokeToken(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("tokens revoke: %w", err)
	}
	if err := auditCLI(ctx, st, "tokens revoke", "tokens/"+t.ID); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s %s revoked at %s\n", t.ID, t.Name, t.RevokedAt.Format(time.RFC3339))
	return nil
}
