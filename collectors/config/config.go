// Package config reads the collectors' YAML configuration file: the
// brands and their tracking rules, the languages in use, backoff, and one
// entry per source with its endpoint (base URL) and settings. Secrets are
// never in the file: they come from environment variables (or a file named
// by NAME_FILE), whose names default per source and can be changed with
// secret_env.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

// Config is the whole file.
type Config struct {
	// Languages are the ISO 639-1 codes detected (default: en fr de es it pt nl).
	Languages []string `yaml:"languages"`
	Brands    []Brand  `yaml:"brands"`
	Backoff   Backoff  `yaml:"backoff"`
	Sources   []Source `yaml:"sources"`
}

// Brand is a brand and the rules that find its mentions.
type Brand struct {
	Name  string `yaml:"name"`
	Rules []struct {
		Name  string `yaml:"name"`
		Query string `yaml:"query"`
	} `yaml:"rules"`
}

// Backoff tunes retries of every source.
type Backoff struct {
	Min       time.Duration `yaml:"min"`
	Max       time.Duration `yaml:"max"`
	Threshold int           `yaml:"threshold"` // failures that mark a source unhealthy
}

// Source is one configured source: its type and the rest of its mapping,
// decoded by type when collectors are built.
type Source struct {
	Type    string
	Enabled bool
	node    yaml.Node
}

// UnmarshalYAML keeps the mapping for decoding by type.
func (s *Source) UnmarshalYAML(n *yaml.Node) error {
	var head struct {
		Type    string `yaml:"type"`
		Enabled *bool  `yaml:"enabled"`
	}
	if err := n.Decode(&head); err != nil {
		return err
	}
	if head.Type == "" {
		return fmt.Errorf("line %d: source without a type", n.Line)
	}
	s.Type, s.Enabled, s.node = head.Type, head.Enabled == nil || *head.Enabled, *n
	return nil
}

// Load reads and checks a config file.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(b)
}

// Parse reads and checks a config document.
func Parse(b []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	c := new(Config)
	if err := dec.Decode(c); err != nil {
		return nil, socialcrm.Invalidf("config: %v", err)
	}
	if _, err := c.Rules(); err != nil {
		return nil, err
	}
	var errs []error
	for i := range c.Sources {
		if _, ok := builders[c.Sources[i].Type]; !ok {
			errs = append(errs, socialcrm.Invalidf("config: line %d: unknown source type %q (want %s)",
				c.Sources[i].node.Line, c.Sources[i].Type, strings.Join(Types(), ", ")))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// RuleList returns the brands' tracking rules in file order.
func (c *Config) RuleList() []rules.Rule {
	var rs []rules.Rule
	for _, b := range c.Brands {
		for _, r := range b.Rules {
			rs = append(rs, rules.Rule{Brand: b.Name, Name: r.Name, Query: r.Query})
		}
	}
	return rs
}

// Rules compiles the brands' tracking rules.
func (c *Config) Rules() (*rules.Set, error) {
	for _, b := range c.Brands {
		if b.Name == "" {
			return nil, socialcrm.Invalidf("config: a brand without a name")
		}
	}
	s, err := rules.Compile(c.RuleList())
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return s, nil
}

// decode decodes the source's mapping into v, rejecting unknown keys.
func (s *Source) decode(v any) error {
	b, err := yaml.Marshal(&s.node)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return socialcrm.Invalidf("config: source %s (line %d): %v", s.Type, s.node.Line, err)
	}
	return nil
}

// secret returns the value of env var name, or the trimmed content of
// the file named by name_FILE.
func secret(getenv func(string) string, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	if v := getenv(name); v != "" {
		return v, nil
	}
	if p := getenv(name + "_FILE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("config: %s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}
