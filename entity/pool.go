package entity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/socialcrm/socialcrm"
)

// Handler receives the entities found in a mention's text, by mention ID.
// It runs on a pool worker, so it may block that worker but never the
// pipeline; it is not called when a text has no entities.
type Handler func(id string, ents []socialcrm.Entity)

// Skip reasons counted in socialcrm_entity_mentions_skipped_total.
const (
	skipQueueFull = "queue_full" // pool behind: the mention is sampled out
	skipClosed    = "closed"     // submitted after Close
	skipShutdown  = "shutdown"   // still queued when Run's context ended
	skipFailed    = "failed"     // extraction or handler panicked
)

type job struct {
	id, text string
	orgs     []string // the mention's brand
}

// Pool extracts entities on a fixed number of workers fed by a bounded
// queue. Submit never blocks: when the queue is full the mention is skipped
// and counted, so a slow extractor samples the stream instead of slowing it.
type Pool struct {
	ex      *Extractor
	handle  Handler
	workers int
	logger  *slog.Logger
	m       *poolMetrics

	mu      sync.RWMutex
	closed  bool
	started bool
	queue   chan job
}

// NewPool returns a pool of workers goroutines behind a queue of queue
// mentions, handing results to handle. Call Run to start the workers.
// Metrics are registered on reg (socialcrm_entity_*).
func NewPool(ex *Extractor, workers, queue int, handle Handler, logger *slog.Logger,
	reg prometheus.Registerer) (*Pool, error) {
	switch {
	case ex == nil || handle == nil:
		return nil, socialcrm.Invalidf("entity: pool needs an extractor and a handler")
	case workers < 1 || queue < 1:
		return nil, socialcrm.Invalidf("entity: pool needs at least one worker and a queue of one, got %d and %d",
			workers, queue)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	p := &Pool{ex: ex, handle: handle, workers: workers, queue: make(chan job, queue),
		logger: logger.With("component", "entity")}
	m, err := newPoolMetrics(reg, func() float64 { return float64(len(p.queue)) })
	if err != nil {
		return nil, fmt.Errorf("entity: register metrics: %w", err)
	}
	p.m = m
	return p, nil
}

// Submit queues m's text for extraction without blocking. It reports false
// when the mention was skipped: no text, a deleted mention, a full queue or
// a closed pool. Only the ID and text are kept, so m may change afterwards.
func (p *Pool) Submit(m *socialcrm.Mention) bool {
	if m == nil || m.Deleted || m.Text == "" {
		return false
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		p.m.skipped.WithLabelValues(skipClosed).Inc()
		return false
	}
	select {
	case p.queue <- job{m.ID, m.Text, p.orgsOf(m)}:
		p.m.queued.Inc()
		return true
	default:
		p.m.skipped.WithLabelValues(skipQueueFull).Inc()
		return false
	}
}

// Close stops intake. Run then finishes what is queued and returns.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
}

// Run starts the workers and waits for them. It returns nil after Close once
// the queue is drained, or when ctx ends, in which case what is still queued
// is counted as skipped. A pool runs once.
func (p *Pool) Run(ctx context.Context) error {
	p.mu.Lock()
	if p.started {
		p.mu.Unlock()
		return errors.New("entity: pool already running")
	}
	p.started = true
	p.mu.Unlock()

	var wg sync.WaitGroup
	for range p.workers {
		wg.Go(func() { p.work(ctx) })
	}
	wg.Wait()
	if ctx.Err() != nil {
		p.Close()
		for range p.queue {
			p.m.skipped.WithLabelValues(skipShutdown).Inc()
		}
	}
	return nil
}

func (p *Pool) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case j, ok := <-p.queue:
			if !ok {
				return
			}
			p.process(j)
		}
	}
}

// process extracts and hands over one job; a panic in prose or the handler
// costs that mention only.
func (p *Pool) process(j job) {
	defer func() {
		if r := recover(); r != nil {
			p.m.skipped.WithLabelValues(skipFailed).Inc()
			p.logger.Error("entity extraction failed", "mention_id", j.id, "err", fmt.Errorf("panic: %v", r))
		}
	}()
	start := time.Now()
	ents := p.ex.ExtractFor(j.text, j.orgs...)
	p.m.duration.Observe(time.Since(start).Seconds())
	p.m.extracted.Inc()
	if len(ents) > 0 {
		p.handle(j.id, ents)
	}
}

// orgsOf lists the organisation names of the mention's brand: the brand
// and its aliases.
func (p *Pool) orgsOf(m *socialcrm.Mention) []string {
	if m.Brand == "" {
		return nil
	}
	return append([]string{m.Brand}, p.ex.Aliases[m.Brand]...)
}
