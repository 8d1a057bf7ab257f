package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// batch is the work on one fetched batch: the decoded mentions, in offset
// order without duplicates, each with the message it came from, and the
// messages to produce.
type batch struct {
	src      *kafka.Batch
	mentions []*socialcrm.Mention
	from     []int // index in src.Messages of each mention
	out      []kafka.Message
	dead     int
}

// handle runs one batch through every step. It returns an error only
// when the batch cannot be stored or produced; the consumer then retries
// it or, when the error is permanent, isolates the message at fault (see
// kafka.Handler).
func (p *Pipeline) handle(ctx context.Context, w *kafka.Writer, kb *kafka.Batch) error {
	start := time.Now()
	p.metrics.consumed.Add(float64(len(kb.Messages)))
	p.metrics.batchSize.Observe(float64(len(kb.Messages)))
	b := &batch{src: kb}
	p.decode(b)
	t := p.observe("decode", start)
	p.enrich(ctx, b)
	t = p.observe("score", t)
	if err := p.save(ctx, b.mentions); err != nil {
		return err
	}
	t = p.observe("store", t)
	if err := p.produce(ctx, w, b); err != nil {
		return err
	}
	p.observe("produce", t)
	if p.conf.OnBatch != nil && len(b.mentions) > 0 {
		p.conf.OnBatch(b.mentions)
	}
	p.metrics.lag.WithLabelValues(partitionLabel(kb.Partition)).Set(float64(kb.Lag()))
	p.observe("total", start)
	return nil
}

func (p *Pipeline) observe(step string, since time.Time) time.Time {
	now := time.Now()
	p.metrics.duration.WithLabelValues(step).Observe(now.Sub(since).Seconds())
	return now
}

// decode parses every message; a later copy of a mention replaces an
// earlier one in the same batch. Bad messages go to the dead-letter topic.
func (p *Pipeline) decode(b *batch) {
	msgs := b.src.Messages
	b.mentions = make([]*socialcrm.Mention, 0, len(msgs))
	b.from = make([]int, 0, len(msgs))
	b.out = make([]kafka.Message, 0, 2*len(msgs))
	index := make(map[string]int, len(msgs))
	for i := range msgs {
		m, err := socialcrm.DecodeMention(msgs[i].Value)
		if err != nil {
			p.deadLetter(b, i, err)
			continue
		}
		if j, ok := index[m.ID]; ok {
			b.mentions[j], b.from[j] = m, i
			p.metrics.duplicates.Inc()
			continue
		}
		index[m.ID] = len(b.mentions)
		b.mentions = append(b.mentions, m)
		b.from = append(b.from, i)
	}
}

// enrich classifies, scores, links and runs the extra stages. A mention
// a stage finds invalid leaves the batch for the dead-letter topic; one a
// stage drops leaves it for good.
func (p *Pipeline) enrich(ctx context.Context, b *batch) {
	kept := 0
	for k, m := range b.mentions {
		classifyKind(m)
		switch {
		case m.Sentiment != nil && m.Sentiment.Corrected:
		case socialcrm.HasWords(m.Text):
			s := p.score(m)
			m.Sentiment = &s
		default: // nothing to score: a like, a bare share
			m.Sentiment = nil
		}
		if m.Sentiment != nil {
			p.metrics.scored.WithLabelValues(m.Sentiment.Label).Inc()
		}
		if p.conf.Linker != nil {
			m.Contacts = mergeIDs(m.Contacts, p.conf.Linker.Link(m))
		}
		if p.stage != nil {
			if err := p.stage.Process(ctx, m); err != nil {
				if errors.Is(err, ErrDrop) {
					p.metrics.dropped.Inc()
					continue
				}
				if errors.Is(err, socialcrm.ErrInvalid) {
					p.deadLetter(b, b.from[k], err)
					continue
				}
				p.metrics.errors.WithLabelValues("stage", kafka.ClassifyError(err)).Inc()
				p.log.Warn("stage failed", "mention_id", m.ID, "err", err)
			}
		}
		b.mentions[kept], b.from[kept] = m, b.from[k]
		kept++
	}
	b.mentions, b.from = b.mentions[:kept], b.from[:kept]
}

func mergeIDs(have, add []string) []string {
	for _, id := range add {
		if !slices.Contains(have, id) {
			have = append(have, id)
		}
	}
	return have
}

// save upserts the mentions. A failure goes back to the consumer, which
// retries the batch while the store is down (transient) or hands it back
// one mention at a time to dead-letter the one the store refuses
// (ErrInvalid): see kafka.Handler.
func (p *Pipeline) save(ctx context.Context, ms []*socialcrm.Mention) error {
	if len(ms) == 0 {
		return nil
	}
	if err := p.conf.Store.SaveMentions(ctx, ms...); err != nil {
		p.metrics.errors.WithLabelValues("store", kafka.ClassifyError(err)).Inc()
		return fmt.Errorf("store %d mentions: %w", len(ms), err)
	}
	p.metrics.stored.Add(float64(len(ms)))
	return nil
}

// produce writes the scored mentions, their interactions and the dead
// letters in one call and waits until all are acknowledged.
// ScoredKey is the key of m on mentions.scored: its brand, so that the
// alert workers of one consumer group each count whole brands; the
// mention ID for a mention without a brand. A mention's updates keep
// their order, since its brand does not change.
func ScoredKey(m *socialcrm.Mention) string {
	if m.Brand != "" {
		return m.Brand
	}
	return m.ID
}

func (p *Pipeline) produce(ctx context.Context, w *kafka.Writer, b *batch) error {
	var edges []socialcrm.Interaction
	var nScored, nEdges int
	for k, m := range b.mentions {
		v, err := socialcrm.EncodeMention(m)
		if err != nil { // cannot happen for a decoded mention; never lose it silently
			p.deadLetter(b, b.from[k], err)
			continue
		}
		b.out = append(b.out, kafka.Message{Topic: socialcrm.TopicScored, Key: []byte(ScoredKey(m)), Value: v})
		nScored++
		edges = interactions(edges[:0], m)
		nEdges += len(edges)
		for i := range edges {
			v, err := json.Marshal(&edges[i])
			if err != nil {
				return fmt.Errorf("encode interaction of %q: %w", m.ID, err)
			}
			b.out = append(b.out, kafka.Message{Topic: socialcrm.TopicInteractions, Key: []byte(edges[i].From), Value: v})
		}
	}
	if err := w.Write(ctx, b.out...); err != nil {
		p.metrics.errors.WithLabelValues("produce", kafka.ClassifyError(err)).Inc()
		return fmt.Errorf("produce %d messages: %w", len(b.out), err)
	}
	p.metrics.produced.WithLabelValues(socialcrm.TopicScored).Add(float64(nScored))
	p.metrics.produced.WithLabelValues(socialcrm.TopicInteractions).Add(float64(nEdges))
	p.metrics.produced.WithLabelValues(socialcrm.TopicDLQ).Add(float64(b.dead))
	p.metrics.dlq.Add(float64(b.dead))
	return nil
}

// deadLetter queues message i of the batch for mentions.dlq with err.
func (p *Pipeline) deadLetter(b *batch, i int, err error) {
	msg := &b.src.Messages[i]
	b.out = append(b.out, kafka.DeadLetterOf(msg, err))
	b.dead++
	p.metrics.errors.WithLabelValues("decode", kafka.ClassifyError(err)).Inc()
	p.log.Debug("dead letter", "partition", msg.Partition, "offset", msg.Offset, "err", err)
}
