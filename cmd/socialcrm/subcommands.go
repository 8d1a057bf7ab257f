package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
)

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// runSubcommand runs the subcommand of cmd named by args[0]. Without one,
// or with --help, it prints every subcommand with its flags; --help exits
// 0, a missing or unknown subcommand is an error.
func runSubcommand(ctx context.Context, cmd string, subs []command, args []string, io stdio) error {
	if len(args) > 0 && !isHelp(args[0]) {
		for _, s := range subs {
			if s.name == args[0] {
				return s.run(ctx, args[1:], io)
			}
		}
	}
	subUsage(ctx, io, cmd, subs)
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	switch {
	case len(args) == 0:
		return fmt.Errorf("%s: no subcommand given (%s)", cmd, strings.Join(names, ", "))
	case isHelp(args[0]):
		return flag.ErrHelp
	}
	return fmt.Errorf("%s: unknown subcommand %q (%s)", cmd, args[0], strings.Join(names, ", "))
}

// subUsage prints cmd's subcommands, then each one's own usage and flags.
func subUsage(ctx context.Context, io stdio, cmd string, subs []command) {
	fmt.Fprintf(io.err, "Usage: socialcrm %s SUBCOMMAND [flags]\n\nSubcommands:\n", cmd)
	width := 9
	for _, s := range subs {
		width = max(width, len(s.name))
	}
	for _, s := range subs {
		fmt.Fprintf(io.err, "  %-*s %s\n", width, s.name, s.usage)
	}
	for _, s := range subs {
		fmt.Fprintln(io.err)
		sub := io
		sub.out = io.err
		if err := s.run(ctx, []string{"--help"}, sub); err != nil && !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(io.err, "socialcrm %s %s --help: %v\n", cmd, s.name, err)
		}
	}
}
