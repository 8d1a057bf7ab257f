package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// cmdAudit reads the audit trail of the database at DATABASE_URL.
func cmdAudit(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "audit", []command{
		{"export", "print the audit trail as JSONL, oldest first", auditExport},
	}, args, io)
}

func auditExport(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("audit export", "audit export --since T [--until T] [--actor A] [--action A] [--target T]", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the audit trail")
	since := fs.String("since", "", "", "RFC 3339 time, or a duration back from now (24h)")
	until := fs.String("until", "", "", "RFC 3339 time, or a duration back from now (default: now)")
	var f socialcrm.AuditFilter
	fs.stringVar(&f.Actor, "actor", "", "", "only this actor (user id, or token:<id>)")
	fs.stringVar(&f.Action, "action", "", "", "only this action, e.g. \"POST /cases/{id}/assign\"")
	fs.stringVar(&f.Target, "target", "", "", "only this target, e.g. contacts/c-1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	var err error
	now := time.Now()
	if f.Since, err = auditTime(*since, now); err != nil || f.Since.IsZero() {
		return fmt.Errorf("audit export: --since %q: want an RFC 3339 time or a duration such as 24h", *since)
	}
	if f.Until, err = auditTime(*until, now); err != nil {
		return fmt.Errorf("audit export: --until %q: want an RFC 3339 time or a duration such as 1h", *until)
	}
	st, _, err := openAuth(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("audit export: %w", err)
	}
	defer st.Close()
	f.Limit = 1_000_000
	es, err := st.FindAudit(ctx, f)
	if err != nil {
		return fmt.Errorf("audit export: %w", err)
	}
	enc := json.NewEncoder(io.out)
	for i := len(es) - 1; i >= 0; i-- {
		if err := enc.Encode(es[i]); err != nil {
			return fmt.Errorf("audit export: %w", err)
		}
	}
	return nil
}

// auditTime reads an RFC 3339 time or a duration back from now; "" is the
// zero time.
func auditTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("bad time %q", s)
	}
	return now.Add(-d), nil
}
