package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"
)

// flagSet is a flag.FlagSet whose flags may fall back to environment
// variables. --help lists every flag with its variable and default, so that
// the help text is the configuration reference. Secrets are never printed:
// a secret default taken from the environment shows as "(set)".
type flagSet struct {
	*flag.FlagSet
	io       stdio
	synopsis string
	envErrs  []error
	after    []func()            // copy parsed values into bound variables
	info     map[string]flagInfo // by flag name
	envOnly  [][2]string         // variables without a flag: name, usage
}

// flagInfo is what --help says of a flag beyond the flag package.
type flagInfo struct {
	env     string // environment variable, or ""
	fromEnv bool   // the default was taken from env
	secret  bool   // never print the value
	shown   string // the default as printed (before parsing)
}

// envAliases maps a variable to the older name it replaced; the old name
// still works, with a warning.
var envAliases = map[string]string{
	"SOCIALCRM_MODEL": "SOCIALCRM_SENTIMENT_MODEL",
}

func newFlagSet(name, synopsis string, io stdio) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), io: io, synopsis: synopsis,
		info: map[string]flagInfo{}}
	fs.SetOutput(io.err)
	fs.Usage = func() { fs.printUsage(io.err) }
	return fs
}

// printUsage prints the synopsis and every flag with its type, variable
// and default.
func (fs *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: socialcrm %s\n\n", fs.synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "Flags (an environment variable in brackets sets the default):")
	fs.VisitAll(func(f *flag.Flag) {
		typ, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if typ != "" {
			line += " " + typ
		}
		fmt.Fprintf(w, "%s\n    \t%s%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"), fs.defaultNote(f))
	})
	if len(fs.envOnly) > 0 {
		fmt.Fprintln(w, "Environment only (NAME_FILE reads the value from a file):")
		for _, e := range fs.envOnly {
			fmt.Fprintf(w, "  %s\n    \t%s\n", e[0], e[1])
		}
	}
}

// envVar returns the value of a variable that has no flag (a password
// never goes in a flag, where ps would show it); --help lists it.
func (fs *flagSet) envVar(name, usage string) string {
	fs.envOnly = append(fs.envOnly, [2]string{name, usage})
	v, _ := fs.env(name)
	return v
}

// defaultNote is " [ENV] (default X)" for f, with secrets as "(set)".
func (fs *flagSet) defaultNote(f *flag.Flag) string {
	info, ok := fs.info[f.Name]
	if !ok {
		info.shown = f.Value.String()
	}
	var note string
	if info.env != "" {
		note = " [" + info.env + "]"
	}
	switch {
	case info.secret || looksSecret(info.shown):
		if info.shown != "" {
			note += " (set)"
		}
	case info.shown == "" || info.shown == "0" || info.shown == "false" || info.shown == "0s":
	case fmt.Sprintf("%T", f.Value) == "*flag.stringValue":
		note += fmt.Sprintf(" (default %q)", info.shown)
	default:
		note += " (default " + info.shown + ")"
	}
	return note
}

// secretFlag reports whether a flag holds a secret by its name: secrets,
// tokens, passwords, database URLs (with their password) and webhook URLs
// (whose path is the credential).
func secretFlag(name string) bool {
	for _, s := range []string{"secret", "token", "password", "database-url", "webhook-url"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// looksSecret reports whether a value carries a password, as a URL's
// user information.
func looksSecret(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	_, ok := u.User.Password()
	return ok
}

// env returns the variable's value, or "" when name is "" or unset, and
// whether it came from a file. A variable NAME_FILE names a file to read
// the value from (for secrets).
func (fs *flagSet) env(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	if v := fs.io.getenv(name); v != "" {
		return v, false
	}
	if path := fs.io.getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			fs.envErrs = append(fs.envErrs, fmt.Errorf("%s_FILE: %w", name, err))
			return "", false
		}
		return strings.TrimSpace(string(b)), true
	}
	if old := envAliases[name]; old != "" {
		if v := fs.io.getenv(old); v != "" {
			fmt.Fprintf(fs.io.err, "socialcrm: warning: %s is deprecated, use %s\n", old, name)
			return v, false
		}
	}
	return "", false
}

func (fs *flagSet) String(name, env, def, usage string) *string {
	p := fs.FlagSet.String(name, def, usage)
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Int(name, env string, def int, usage string) *int {
	p := fs.FlagSet.Int(name, def, usage)
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Float64(name, env string, def float64, usage string) *float64 {
	p := fs.FlagSet.Float64(name, def, usage)
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Bool(name, env string, def bool, usage string) *bool {
	p := fs.FlagSet.Bool(name, def, usage)
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Duration(name, env string, def time.Duration, usage string) *time.Duration {
	p := fs.FlagSet.Duration(name, def, usage)
	fs.fromEnv(name, env)
	return p
}

// fromEnv records flag name's variable and sets the flag from it,
// remembering a bad value for Parse. A value read from a _FILE is secret.
func (fs *flagSet) fromEnv(name, env string) {
	info := flagInfo{env: env, secret: secretFlag(name)}
	v, fromFile := fs.env(env)
	if v != "" {
		info.fromEnv, info.secret = true, info.secret || fromFile
		if err := fs.Set(name, v); err != nil {
			shown := fmt.Sprintf("%q", v)
			if info.secret || looksSecret(v) {
				shown = "(set)"
			}
			fs.envErrs = append(fs.envErrs, fmt.Errorf("%s=%s: %w", env, shown, err))
		}
	}
	info.shown = fs.Lookup(name).Value.String()
	fs.info[name] = info
}

// setByUser reports whether flag name was given on the command line or
// through its environment variable.
func (fs *flagSet) setByUser(name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// Parse parses args and reports bad environment values. --help prints the
// usage and returns flag.ErrHelp, which exits 0.
func (fs *flagSet) Parse(args []string) error {
	if err := fs.FlagSet.Parse(args); err != nil {
		return err
	}
	if len(fs.envErrs) > 0 {
		return fs.envErrs[0]
	}
	for _, f := range fs.after {
		f()
	}
	return nil
}

// noArgs fails when positional arguments are left after the flags.
func (fs *flagSet) noArgs() error {
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q (flags go before arguments; see --help)", fs.Name(), strings.Join(fs.Args(), " "))
	}
	return nil
}

// The *Var forms bind a flag to an existing variable, with an env fallback.

func (fs *flagSet) stringVar(p *string, name, env, def, usage string) {
	q := fs.String(name, env, def, usage)
	*p = *q
	fs.after = append(fs.after, func() { *p = *q })
}

func (fs *flagSet) intVar(p *int, name, env string, def int, usage string) {
	q := fs.Int(name, env, def, usage)
	*p = *q
	fs.after = append(fs.after, func() { *p = *q })
}

func (fs *flagSet) float64Var(p *float64, name, env string, def float64, usage string) {
	q := fs.Float64(name, env, def, usage)
	*p = *q
	fs.after = append(fs.after, func() { *p = *q })
}

func (fs *flagSet) boolVar(p *bool, name, env string, def bool, usage string) {
	q := fs.Bool(name, env, def, usage)
	*p = *q
	fs.after = append(fs.after, func() { *p = *q })
}

func (fs *flagSet) durationVar(p *time.Duration, name, env string, def time.Duration, usage string) {
	q := fs.Duration(name, env, def, usage)
	*p = *q
	fs.after = append(fs.after, func() { *p = *q })
}
