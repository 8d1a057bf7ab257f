package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// flagSet is a flag.FlagSet whose flags may fall back to environment
// variables. --help lists every flag with its variable, so that the help
// text is the configuration reference.
type flagSet struct {
	*flag.FlagSet
	io      stdio
	envErrs []error
	after   []func() // copy parsed values into bound variables
}

func newFlagSet(name, synopsis string, io stdio) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), io: io}
	fs.SetOutput(io.err)
	fs.Usage = func() {
		fmt.Fprintf(io.err, "Usage: socialcrm %s\n\n", synopsis)
		fmt.Fprintln(io.err, "Flags (an environment variable in brackets sets the default):")
		fs.PrintDefaults()
	}
	return fs
}

// env returns the variable's value, or "" when name is "" or unset. A
// variable NAME_FILE names a file to read the value from (for secrets).
func (fs *flagSet) env(name string) string {
	if name == "" {
		return ""
	}
	if v := fs.io.getenv(name); v != "" {
		return v
	}
	if path := fs.io.getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			fs.envErrs = append(fs.envErrs, fmt.Errorf("%s_FILE: %w", name, err))
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	return ""
}

func envUsage(usage, env string) string {
	if env == "" {
		return usage
	}
	return usage + " [" + env + "]"
}

func (fs *flagSet) String(name, env, def, usage string) *string {
	if v := fs.env(env); v != "" {
		def = v
	}
	return fs.FlagSet.String(name, def, envUsage(usage, env))
}

func (fs *flagSet) Int(name, env string, def int, usage string) *int {
	p := fs.FlagSet.Int(name, def, envUsage(usage, env))
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Float64(name, env string, def float64, usage string) *float64 {
	p := fs.FlagSet.Float64(name, def, envUsage(usage, env))
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Bool(name, env string, def bool, usage string) *bool {
	p := fs.FlagSet.Bool(name, def, envUsage(usage, env))
	fs.fromEnv(name, env)
	return p
}

func (fs *flagSet) Duration(name, env string, def time.Duration, usage string) *time.Duration {
	p := fs.FlagSet.Duration(name, def, envUsage(usage, env))
	fs.fromEnv(name, env)
	return p
}

// fromEnv sets flag name from env, remembering a bad value for Parse.
func (fs *flagSet) fromEnv(name, env string) {
	v := fs.env(env)
	if v == "" {
		return
	}
	if err := fs.Set(name, v); err != nil {
		fs.envErrs = append(fs.envErrs, fmt.Errorf("%s=%q: %w", env, v, err))
	}
}

// Parse parses args. It rejects positional arguments unless
// allowArgs, and reports bad environment values.
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
	*p = *fs.String(name, env, def, usage)
	fs.rebind(name, func(v string) { *p = v })
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

// rebind copies a string flag's final value into p after Parse.
func (fs *flagSet) rebind(name string, set func(string)) {
	fs.after = append(fs.after, func() { set(fs.Lookup(name).Value.String()) })
}
