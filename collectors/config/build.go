package config

import (
	"fmt"
	"io"
	"log/slog"
	"slices"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/bluesky"
	"github.com/socialcrm/socialcrm/collectors/hackernews"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/collectors/mastodon"
	"github.com/socialcrm/socialcrm/collectors/reddit"
	"github.com/socialcrm/socialcrm/collectors/replay"
	"github.com/socialcrm/socialcrm/collectors/rss"
	"github.com/socialcrm/socialcrm/collectors/rules"
	"github.com/socialcrm/socialcrm/collectors/x"
)

// Env is what building collectors needs besides the file.
type Env struct {
	Getenv   func(string) string // secrets
	Progress io.Writer           // replay progress bars; nil for none
}

type builder func(s *Source, deps collectors.Deps, set *rules.Set, env Env) (socialcrm.Collector, error)

// entry is a source mapping: the common keys and the source's own config.
type entry[T any] struct {
	Type      string `yaml:"type"`
	Enabled   *bool  `yaml:"enabled"`
	SecretEnv string `yaml:"secret_env"`
	Config    T      `yaml:",inline"`
}

func decode[T any](s *Source, env Env, defaultEnv string) (T, string, error) {
	var e entry[T]
	if err := s.decode(&e); err != nil {
		return e.Config, "", err
	}
	name := e.SecretEnv
	if name == "" {
		name = defaultEnv
	}
	v, err := secret(env.Getenv, name)
	return e.Config, v, err
}

// builders is the explicit list of source types.
var builders = map[string]builder{
	mastodon.Source: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, tok, err := decode[mastodon.Config](s, env, "MASTODON_TOKEN")
		if err != nil {
			return nil, err
		}
		cfg.Token = tok
		return mastodon.New(cfg, d)
	},
	bluesky.Source: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, _, err := decode[bluesky.Config](s, env, "")
		if err != nil {
			return nil, err
		}
		return bluesky.New(cfg, d)
	},
	rss.Source: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, _, err := decode[rss.Config](s, env, "")
		if err != nil {
			return nil, err
		}
		return rss.New(cfg, d)
	},
	reddit.Source: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, sec, err := decode[reddit.Config](s, env, "REDDIT_CLIENT_SECRET")
		if err != nil {
			return nil, err
		}
		cfg.ClientSecret = sec
		return reddit.New(cfg, d)
	},
	hackernews.Source: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, _, err := decode[hackernews.Config](s, env, "")
		if err != nil {
			return nil, err
		}
		return hackernews.New(cfg, d)
	},
	x.Source: func(s *Source, d collectors.Deps, set *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, tok, err := decode[x.Config](s, env, "X_BEARER_TOKEN")
		if err != nil {
			return nil, err
		}
		cfg.BearerToken, cfg.Rules = tok, set
		return x.New(cfg, d)
	},
	replay.Name: func(s *Source, d collectors.Deps, _ *rules.Set, env Env) (socialcrm.Collector, error) {
		cfg, _, err := decode[replay.Config](s, env, "")
		if err != nil {
			return nil, err
		}
		cfg.Progress = env.Progress
		return replay.New(cfg, d)
	},
}

// Types lists the source types, sorted.
func Types() []string {
	var ts []string
	for t := range builders {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// Collectors builds the enabled sources' collectors.
func (c *Config) Collectors(deps collectors.Deps, env Env) ([]socialcrm.Collector, error) {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	set, err := c.Rules()
	if err != nil {
		return nil, err
	}
	if c.Backoff.Min > 0 {
		deps.Policy.Min = c.Backoff.Min
	}
	if c.Backoff.Max > 0 {
		deps.Policy.Max = c.Backoff.Max
	}
	if c.Backoff.Threshold > 0 {
		deps.Policy.Threshold = c.Backoff.Threshold
	}
	var out []socialcrm.Collector
	for i := range c.Sources {
		s := &c.Sources[i]
		if !s.Enabled {
			continue
		}
		b, ok := builders[s.Type]
		if !ok {
			return nil, socialcrm.Invalidf("config: unknown source type %q", s.Type)
		}
		col, err := b(s, deps, set, env)
		if err != nil {
			return nil, fmt.Errorf("config: source %s (line %d): %w", s.Type, s.node.Line, err)
		}
		out = append(out, col)
	}
	return out, nil
}

// Filter returns the filter that applies the languages and rules of the
// file to what the collectors emit.
func (c *Config) Filter(m *collectors.Metrics, log *slog.Logger) (*collectors.Filter, error) {
	set, err := c.Rules()
	if err != nil {
		return nil, err
	}
	det, err := lang.New(c.Languages, 0)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if set.Len() == 0 {
		set = nil // no brands: everything passes, without a brand
	}
	return &collectors.Filter{Rules: set, Lang: det, Metrics: m, Logger: log}, nil
}
