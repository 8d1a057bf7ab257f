package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/store/postgres"
)

const usersSynopsis = "users add|list|disable|enable|set-role|reset-password [flags] [EMAIL]\n\n" +
	"add EMAIL creates a user (--role, --name); reset-password EMAIL sets a new one, ending their sessions;\n" +
	"disable EMAIL stops them signing in and ends their sessions at once; set-role EMAIL --role R.\n" +
	"Passwords come from --password-file or the first line of stdin, never from a flag."

// cmdUsers manages the users of the database at DATABASE_URL.
func cmdUsers(ctx context.Context, args []string, io stdio) error {
	verbs := []string{"add", "list", "disable", "enable", "set-role", "reset-password"}
	if len(args) == 0 || !slices.Contains(verbs, args[0]) {
		fmt.Fprintln(io.err, "Usage: socialcrm "+strings.SplitN(usersSynopsis, "\n", 2)[0])
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			return nil
		}
		return errors.New("users: want one of " + strings.Join(verbs, ", "))
	}
	verb := args[0]
	fs := newFlagSet("users "+verb, usersSynopsis, io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres holding the users")
	role := fs.String("role", "", "viewer", "add, set-role: viewer, agent, analyst or admin")
	name := fs.String("name", "", "", "add: the user's name")
	pwFile := fs.String("password-file", "", "", "add, reset-password: read the password from this file (else the first line of stdin)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dsn == "" {
		return fmt.Errorf("users %s: DATABASE_URL (or --database-url) is required", verb)
	}
	email := fs.Arg(0)
	if (verb == "list") != (fs.NArg() == 0) || fs.NArg() > 1 {
		return fmt.Errorf("users %s: want %s", verb, map[bool]string{true: "no argument", false: "one EMAIL"}[verb == "list"])
	}
	st, err := postgres.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		return err
	}
	var u *socialcrm.User
	switch verb {
	case "list":
		return listUsers(ctx, st, io)
	case "add", "reset-password":
		pw, err := readPassword(*pwFile, io)
		if err != nil {
			return fmt.Errorf("users %s: %w", verb, err)
		}
		if verb == "add" {
			r, err := socialcrm.ParseRole(*role)
			if err != nil {
				return fmt.Errorf("users add: %w", err)
			}
			u, err = svc.CreateUser(ctx, auth.NewUser{Email: email, Name: *name, Role: r, Password: pw})
		} else {
			u, err = svc.SetPassword(ctx, email, pw)
		}
		if err != nil {
			return fmt.Errorf("users %s: %w", verb, err)
		}
	case "disable", "enable":
		active := verb == "enable"
		if u, err = svc.UpdateUser(ctx, email, auth.UserUpdate{Active: &active}); err != nil {
			return fmt.Errorf("users %s: %w", verb, err)
		}
	case "set-role":
		r, err := socialcrm.ParseRole(*role)
		if err == nil {
			u, err = svc.UpdateUser(ctx, email, auth.UserUpdate{Role: &r})
		}
		if err != nil {
			return fmt.Errorf("users set-role: %w", err)
		}
	}
	if err := auditCLI(ctx, st, "users "+verb, "users/"+u.ID); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s %s (%s, %s)\n", u.ID, u.Email, u.Role, map[bool]string{true: "active", false: "disabled"}[u.Active])
	return nil
}

func listUsers(ctx context.Context, st socialcrm.UserStore, io stdio) error {
	us, err := st.FindUsers(ctx)
	if err != nil {
		return fmt.Errorf("users list: %w", err)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tACTIVE")
	for _, u := range us {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", u.ID, u.Email, u.Name, u.Role, u.Active)
	}
	return tw.Flush()
}

// readPassword reads a password from the file, or the first line of stdin.
func readPassword(file string, io stdio) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	line, err := bufio.NewReader(io.in).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password: give --password-file or write it on stdin")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
