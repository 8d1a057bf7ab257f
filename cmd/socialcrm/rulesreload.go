package main

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm/collectors/config"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

// reloadRules rereads the tracking rules of the config file and of the
// store and gives them to the running filter, so that an edited rule
// applies without a restart. Sources are not rebuilt. When the file or a
// rule is bad, the rules in force stay and the error says why.
func (s *collectSetup) reloadRules(ctx context.Context) error {
	cfg, err := config.Load(s.path)
	if err != nil {
		return fmt.Errorf("collect: reload tracking rules: %w", err)
	}
	stored, err := rules.LoadStored(ctx, s.state)
	if err != nil {
		return fmt.Errorf("collect: reload tracking rules: %w", err)
	}
	set, err := rules.Compile(append(cfg.RuleList(), stored...))
	if err != nil {
		return fmt.Errorf("collect: reload tracking rules: %w", err)
	}
	s.filter.SetRules(set)
	return nil
}
