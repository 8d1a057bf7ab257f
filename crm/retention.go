package crm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// RetentionConfig configures Retention.
type RetentionConfig struct {
	// Age: mentions by people who are not contacts are redacted once
	// older than this; 0 turns retention off.
	Age time.Duration
	// Every is how often Run redacts; Batch how many mentions one store
	// call redacts (defaults 1h and 1000).
	Every time.Duration
	Batch int
	Now   func() time.Time
}

// Retention redacts, on a schedule, the text and author of the mentions
// older than Age that are linked to no contact (see
// socialcrm.RetentionStore): what the brand's aggregates count is kept.
type Retention struct {
	conf     RetentionConfig
	st       socialcrm.RetentionStore
	log      *slog.Logger
	redacted prometheus.Counter
	runs     *prometheus.CounterVec
}

// NewRetention returns the retention job; reg may be nil.
func NewRetention(conf RetentionConfig, st socialcrm.RetentionStore, log *slog.Logger, reg prometheus.Registerer) (*Retention, error) {
	if conf.Age < 0 {
		return nil, socialcrm.Invalidf("crm: retention: age %s: want 0 (off) or more", conf.Age)
	}
	if conf.Every <= 0 {
		conf.Every = time.Hour
	}
	if conf.Batch <= 0 {
		conf.Batch = 1000
	}
	if conf.Now == nil {
		conf.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Retention{conf: conf, st: st, log: log.With("component", "retention"),
		redacted: prometheus.NewCounter(prometheus.CounterOpts{Name: "socialcrm_retention_redacted_mentions_total",
			Help: "Mentions of non-contacts whose text and author were erased by the retention job."}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_retention_runs_total",
			Help: "Runs of the retention job, by result (ok, error)."}, []string{"result"})}
	if reg != nil {
		for _, c := range []prometheus.Collector{r.redacted, r.runs} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("crm: retention metrics: %w", err)
			}
		}
	}
	return r, nil
}

// RunOnce redacts every mention due, batch by batch, logging the
// progress, and returns how many it redacted.
func (r *Retention) RunOnce(ctx context.Context) (int, error) {
	if r.conf.Age == 0 {
		return 0, nil
	}
	before := r.conf.Now().Add(-r.conf.Age)
	total := 0
	for {
		n, err := r.st.RedactMentions(ctx, before, r.conf.Batch)
		total += n
		r.redacted.Add(float64(n))
		if err != nil {
			r.runs.WithLabelValues("error").Inc()
			return total, fmt.Errorf("crm: retention: after %d mentions: %w", total, err)
		}
		if n > 0 {
			r.log.Info("retention: redacting", "mentions_so_far", total, "before", before)
		}
		if n < r.conf.Batch {
			break
		}
	}
	r.runs.WithLabelValues("ok").Inc()
	r.log.Info("retention: done", "mentions_redacted", total, "before", before)
	return total, nil
}

// Run runs RunOnce every period until ctx ends; a failed run is logged
// and tried again at the next one. It returns at once when retention is
// off.
func (r *Retention) Run(ctx context.Context) error {
	if r.conf.Age == 0 {
		return nil
	}
	t := time.NewTicker(r.conf.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if _, err := r.RunOnce(ctx); err != nil && !errors.Is(err, context.Canceled) {
			r.log.Warn("retention run failed", "err", err)
		}
	}
}
