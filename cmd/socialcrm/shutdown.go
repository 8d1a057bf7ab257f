package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// stage is a group of components that start together and stop together,
// each in its own goroutine with the stage's context. A component that
// fails calls onFail, which starts the shutdown of the whole app.
type stage struct {
	ctx    context.Context
	cancel context.CancelFunc
	onFail func(error)
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
}

func newStage(onFail func(error)) *stage {
	ctx, cancel := context.WithCancel(context.Background())
	return &stage{ctx: ctx, cancel: cancel, onFail: onFail}
}

// Go runs f in the stage.
func (s *stage) Go(f func(ctx context.Context) error) {
	s.wg.Go(func() {
		if err := f(s.ctx); err != nil && !errors.Is(err, context.Canceled) {
			s.mu.Lock()
			s.errs = append(s.errs, err)
			s.mu.Unlock()
			s.onFail(err)
		}
	})
}

// wait waits for the stage's components to return and returns their errors.
func (s *stage) wait() error {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.errs...)
}

// stop ends the stage's context and waits.
func (s *stage) stop() error {
	s.cancel()
	return s.wait()
}

// errIntakeClosed answers mentions offered once shutdown has begun (the
// ingest endpoint turns it into 503, so senders retry elsewhere or later).
var errIntakeClosed = errors.New("shutting down: not taking new mentions")

// run runs every component until ctx ends or one fails, then shuts down
// in stages, the reverse of start-up (docs/delivery.md):
//
//  1. intake: collectors stop, POST /api/v1/ingest answers 503 and the
//     embedded broker refuses other producers of mentions.raw, so nothing
//     new is acknowledged;
//  2. drain: on a clean stop, wait (up to --drain-timeout) until the
//     pipeline has committed all of mentions.raw and the case and alert
//     reader all of mentions.scored, that is until every acknowledged
//     mention is stored and judged;
//  3. the consumers stop (committing what they hold), and the graph, if
//     this process leads it, makes its final save;
//  4. flush: the entity workers, the alerter and the cases finish;
//  5. HTTP;
//  6. close: Kafka writers, the store, then the embedded broker.
func (a *app) run(ctx context.Context) error {
	defer a.close()
	trigger, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	intake, work, graphs, flush, web := newStage(fail), newStage(fail), newStage(fail), newStage(fail), newStage(fail)
	for _, c := range a.sources {
		intake.Go(func(ctx context.Context) error { return a.collect(ctx, c) })
	}
	work.Go(a.pipe.Run)
	work.Go(func(ctx context.Context) error { return a.consumeScored(ctx, scoredGroup, a.observeScored) })
	work.Go(func(ctx context.Context) error { return a.consumeScored(ctx, casesGroup, a.observeCases) })
	work.Go(func(ctx context.Context) error { return a.refreshLive(ctx, liveRefresh, a.reloads(a.rulesReload())) })
	work.Go(a.runRetention)
	graphs.Go(a.leadGraph)
	flush.Go(a.entities.Run)
	flush.Go(a.alerter.Run)
	flush.Go(a.cases.Run)
	for srv, ln := range a.servers() {
		web.Go(func(context.Context) error { return serve(srv, ln) })
	}

	<-trigger.Done()
	cause := context.Cause(trigger)
	clean := ctx.Err() != nil && errors.Is(cause, context.Canceled)
	a.log.Info("shutting down", "clean", clean)
	a.intakeClosed.Store(true)
	if a.broker != nil {
		// Other producers of the embedded broker (kcat, scripts) too.
		a.broker.CloseIntake(socialcrm.TopicRaw)
	}
	errs := []error{intake.stop()}
	if clean {
		a.drain()
	}
	work.cancel()
	errs = append(errs, graphs.stop(), work.wait(), flush.stop())
	errs = append(errs, a.shutdownHTTP(), web.wait())
	if !clean {
		errs = append([]error{cause}, errs...)
	}
	return errors.Join(errs...)
}

// drain waits until the pipeline has stored everything of mentions.raw
// and the case and alert reader has handled everything of
// mentions.scored, up to --drain-timeout.
func (a *app) drain() {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), a.conf.DrainTimeout)
	defer cancel()
	err := kafka.WaitCaughtUp(ctx, a.brokers, 50*time.Millisecond,
		kafka.GroupTopic{Group: pipelineGroup, Topic: socialcrm.TopicRaw},
		kafka.GroupTopic{Group: scoredGroup, Topic: socialcrm.TopicScored},
		kafka.GroupTopic{Group: casesGroup, Topic: socialcrm.TopicScored})
	if err != nil {
		a.log.Warn("drain incomplete: the rest is read again at the next start", "err", err, "after", time.Since(start))
		return
	}
	a.log.Info("drained", "after", time.Since(start).Round(time.Millisecond))
}
