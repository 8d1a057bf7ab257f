package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web"
)

// erasedReload is how often a process rereads the identities erased by
// another one (the web process erases; pipeline workers drop).
const erasedReload = 30 * time.Second

// startErased loads the identities erased under the GDPR, whose mentions
// the pipeline drops when a source delivers them again.
func (a *app) startErased(ctx context.Context) error {
	a.erased = crm.NewErased(a.store, erasedReload)
	return a.erased.Load(ctx)
}

// wirePrivacy gives the HTTP server contact export and erasure: erasing
// also forgets the person in this process's graph and matcher. The graph
// also forgets the people erased while it was down (its snapshot may be
// older) and those another process ("socialcrm gdpr erase") erases.
func (a *app) wirePrivacy(srv *web.Server) {
	p := crm.NewPrivacy(a.store, a.graph, a.erased)
	p.OnErased = a.matcher.Remove
	srv.Privacy = p
	a.forgetErased()
}

// cmdGDPR exports or erases one contact in the database at DATABASE_URL.
// Erasing also forgets the person in the stored graph snapshot; a running
// serve's graph forgets them when it next rereads the erased identities.
func cmdGDPR(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "gdpr", []command{
		{"export", "print everything held about a contact", func(ctx context.Context, args []string, io stdio) error {
			return gdprAction(ctx, "export", args, io)
		}},
		{"erase", "erase a contact and its data", func(ctx context.Context, args []string, io stdio) error {
			return gdprAction(ctx, "erase", args, io)
		}},
	}, args, io)
}

// gdprAction runs gdpr export or gdpr erase (what).
func gdprAction(ctx context.Context, what string, args []string, io stdio) error {
	const synopsis = "gdpr export|erase --contact ID [flags]\n\n" +
		"export prints everything held about the contact as one JSON document (or writes it to --out);\n" +
		"erase removes the contact, its identities' mentions, its cases, its links from other mentions\n" +
		"and alerts and its graph node, keeps its identities' future mentions out, and prints a JSON\n" +
		"receipt of what was removed."
	fs := newFlagSet("gdpr "+what, strings.Replace(synopsis, "export|erase", what, 1), io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the contact")
	id := fs.String("contact", "", "", "contact id")
	out := fs.String("out", "", "", "export: write the JSON document to this file instead of stdout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	switch {
	case *id == "":
		return fmt.Errorf("gdpr %s: --contact is required", what)
	case *dsn == "":
		return fmt.Errorf("gdpr %s: DATABASE_URL (or --database-url) is required", what)
	}
	st, err := postgres.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	g, err := graph.New(graph.DefaultConfig(), nil, nil)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := g.Load(ctx, st); err != nil {
		return fmt.Errorf("gdpr %s: %w", what, err)
	}
	p := crm.NewPrivacy(st, g, crm.NewErased(st, 0))
	var v any
	if what == "export" {
		if v, err = p.ExportContact(ctx, *id); err != nil {
			return fmt.Errorf("gdpr export: %w", err)
		}
	} else {
		if v, err = p.EraseContact(ctx, *id); err != nil {
			return fmt.Errorf("gdpr erase: %w", err)
		}
		if err := g.Save(ctx, st); err != nil {
			return fmt.Errorf("gdpr erase: the contact is erased, but the graph snapshot was not saved: %w", err)
		}
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("gdpr %s: %w", what, err)
	}
	b = append(b, '\n')
	if *out != "" && what == "export" {
		if err := os.WriteFile(*out, b, 0o600); err != nil {
			return fmt.Errorf("gdpr export: %w", err)
		}
		return nil
	}
	_, err = io.out.Write(b)
	return err
}
