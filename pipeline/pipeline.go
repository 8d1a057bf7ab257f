// Package pipeline turns raw mentions into scored ones: it consumes
// mentions.raw in per-partition batches, decodes and validates each
// mention, drops duplicates within the batch, classifies the interaction
// kind, scores sentiment, links contacts, runs extra stages, upserts the
// batch into the store, produces mentions.scored and interactions, sends
// what it cannot handle to mentions.dlq, and only then commits the offsets.
// Partitions are processed in parallel.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// Scorer scores the sentiment of a text written in lang. It must be safe
// for concurrent use.
type Scorer interface {
	Score(text, lang string) socialcrm.Sentiment
}

// MentionScorer is a Scorer that can also use the rest of the mention,
// for example to adapt to its brand (sentiment.Service). The pipeline
// prefers ScoreMention when the Scorer has it.
type MentionScorer interface {
	ScoreMention(m *socialcrm.Mention) socialcrm.Sentiment
}

// Linker returns the IDs of the CRM contacts a mention belongs to (its
// author's, usually). It must be safe for concurrent use.
type Linker interface {
	Link(m *socialcrm.Mention) []string
}

// Saver upserts mentions by ID; socialcrm.MentionStore is one.
type Saver interface {
	SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error
}

// Config configures a Pipeline. Brokers, Scorer and Store are required.
type Config struct {
	Brokers []string
	Group   string // consumer group, default "pipeline"
	Topic   string // default socialcrm.TopicRaw

	Scorer Scorer
	Store  Saver
	Linker Linker  // optional
	Stages []Stage // optional, run in order after scoring and linking

	// OnBatch, if set, receives every batch once it is stored and
	// produced, before its offsets are committed. It runs on the hot
	// path, concurrently for different partitions: hand the mentions on
	// quickly and do not modify them.
	OnBatch func([]*socialcrm.Mention)

	Logger     *slog.Logger
	Registerer prometheus.Registerer

	// Consumer and Writer tune the Kafka clients; their brokers, group
	// and topics are set from the fields above.
	Consumer kafka.ConsumerConfig
	Writer   kafka.WriterConfig
}

// Pipeline is the scoring pipeline. Create it with New and start it with Run.
type Pipeline struct {
	conf    Config
	log     *slog.Logger
	metrics *metrics
	stage   Stage
	score   func(m *socialcrm.Mention) socialcrm.Sentiment
}

// New checks conf and registers the pipeline's metrics.
func New(conf Config) (*Pipeline, error) {
	switch {
	case len(conf.Brokers) == 0:
		return nil, errors.New("pipeline: no brokers given")
	case conf.Scorer == nil:
		return nil, errors.New("pipeline: no scorer given")
	case conf.Store == nil:
		return nil, errors.New("pipeline: no store given")
	}
	if conf.Group == "" {
		conf.Group = "pipeline"
	}
	if conf.Topic == "" {
		conf.Topic = socialcrm.TopicRaw
	}
	if conf.Logger == nil {
		conf.Logger = slog.New(slog.DiscardHandler)
	}
	if conf.Registerer == nil {
		conf.Registerer = prometheus.NewRegistry()
	}
	m, err := newMetrics(conf.Registerer)
	if err != nil {
		return nil, fmt.Errorf("pipeline: register metrics: %w", err)
	}
	p := &Pipeline{conf: conf, log: conf.Logger.With("component", "pipeline"), metrics: m}
	if len(conf.Stages) > 0 {
		p.stage = Recover(Chain(conf.Stages...))
	}
	p.score = func(m *socialcrm.Mention) socialcrm.Sentiment { return conf.Scorer.Score(m.Text, m.Lang) }
	if ms, ok := conf.Scorer.(MentionScorer); ok {
		p.score = ms.ScoreMention
	}
	return p, nil
}

// Run consumes until ctx is cancelled, then finishes and commits the
// batches in hand, flushes the writer and returns nil. While the store or
// Kafka fail, the batch in hand is retried with backoff and its partition
// holds; a mention the store refuses goes to mentions.dlq (kafka.Handler).
// Offsets of unfinished batches are not committed, so a restart reads
// them again.
func (p *Pipeline) Run(ctx context.Context) error {
	cc := p.conf.Consumer
	cc.Brokers, cc.GroupID, cc.Topic = p.conf.Brokers, p.conf.Group, p.conf.Topic
	if cc.Logger == nil {
		cc.Logger = p.conf.Logger
	}
	cc.OnRetry = func(error) { p.metrics.retries.Inc() }
	cc.OnDeadLetter = func(error) { p.metrics.dlq.Inc(); p.metrics.produced.WithLabelValues(socialcrm.TopicDLQ).Inc() }
	consumer, err := kafka.NewConsumer(cc)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	wc := p.conf.Writer
	wc.Brokers, wc.Topic = p.conf.Brokers, ""
	w, err := kafka.NewWriter(wc)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	p.log.Info("pipeline starts", "group", cc.GroupID, "topic", cc.Topic)
	err = consumer.Run(ctx, func(ctx context.Context, b *kafka.Batch) error { return p.handle(ctx, w, b) })
	if cerr := w.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("pipeline: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	p.log.Info("pipeline stopped")
	return nil
}
