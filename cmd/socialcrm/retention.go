package main

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm/crm"
)

// retentionFlags set the retention of non-contacts' mentions.
type retentionFlags struct {
	Age   time.Duration
	Every time.Duration
}

// defaultRetention is 90 days.
const defaultRetention = 90 * 24 * time.Hour

func (r *retentionFlags) bind(fs *flagSet) {
	fs.durationVar(&r.Age, "retention", "SOCIALCRM_RETENTION", defaultRetention,
		"erase the text and author of mentions older than this by people who are not contacts, keeping their counts and scores (0 = keep everything)")
	fs.durationVar(&r.Every, "retention-every", "SOCIALCRM_RETENTION_EVERY", time.Hour, "how often the retention job runs")
}

func (r retentionFlags) validate() error {
	switch {
	case r.Age < 0:
		return fmt.Errorf("--retention %s: want 0 (keep everything) or more", r.Age)
	case r.Age > 0 && r.Every <= 0:
		return fmt.Errorf("--retention-every %s: want more than 0", r.Every)
	}
	return nil
}

// runRetention runs the retention job until ctx ends.
func (a *app) runRetention(ctx context.Context) error {
	if err := a.conf.Retention.validate(); err != nil {
		return err
	}
	r, err := crm.NewRetention(crm.RetentionConfig{Age: a.conf.Retention.Age, Every: a.conf.Retention.Every}, a.store, a.log, a.reg)
	if err != nil {
		return err
	}
	if a.conf.Retention.Age > 0 {
		a.log.Info("retention of non-contacts' mentions", "age", a.conf.Retention.Age, "every", a.conf.Retention.Every)
	}
	return r.Run(ctx)
}
