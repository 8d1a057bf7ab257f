package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// cmdDLQ runs the dead-letter subcommands: list and replay.
func cmdDLQ(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 || strings.TrimLeft(args[0], "-") == "help" || strings.TrimLeft(args[0], "-") == "h" {
		fmt.Fprintln(io.err, "Usage: socialcrm dlq list [--since T] [--filter TEXT] [--id KEY]")
		fmt.Fprintln(io.err, "       socialcrm dlq replay [--since T] [--filter TEXT] [--id KEY] [--dry-run]")
		if len(args) == 0 {
			return errors.New("dlq: no subcommand given")
		}
		return nil
	}
	switch args[0] {
	case "list":
		return runDLQ(ctx, args[1:], io, false)
	case "replay":
		return runDLQ(ctx, args[1:], io, true)
	}
	return fmt.Errorf("dlq: unknown subcommand %q (list, replay)", args[0])
}

// dlqFilter selects dead letters.
type dlqFilter struct {
	since  time.Time
	filter string // substring of the error
	id     string // the original key
}

func (f dlqFilter) match(key []byte, d *socialcrm.DeadLetter) bool {
	return !d.At.Before(f.since) && strings.Contains(d.Error, f.filter) && (f.id == "" || string(key) == f.id)
}

// dlqEntry is one line of "dlq list".
type dlqEntry struct {
	Key       string    `json:"key"`
	Error     string    `json:"error"`
	Topic     string    `json:"topic"`
	Partition int       `json:"partition"`
	Offset    int64     `json:"offset"`
	Size      int       `json:"size"`
	Truncated bool      `json:"truncated,omitempty"`
	At        time.Time `json:"at"`
	DLQ       string    `json:"dlq"` // where the dead letter is: partition/offset of mentions.dlq
}

// dlqSummary is the last line of "dlq replay" (and "dlq list").
type dlqSummary struct {
	Read      int  `json:"read"`
	Matched   int  `json:"matched"`
	Replayed  int  `json:"replayed"`
	Truncated int  `json:"skipped_truncated"` // kept only in part: cannot be replayed
	DryRun    bool `json:"dry_run,omitempty"`
}

// runDLQ lists (replay=false) or replays the dead letters that match the
// flags. Replay sends each one's original bytes, under its original key,
// to its original topic, where its consumer handles it again; the dead
// letter stays in mentions.dlq (--since keeps the next replay to newer
// ones).
func runDLQ(ctx context.Context, args []string, io stdio, replay bool) error {
	name := "dlq list"
	if replay {
		name = "dlq replay"
	}
	fs := newFlagSet(name, name+" [flags]   (KAFKA_BROKERS, default the demo's broker)", io)
	brokers := fs.String("kafka-brokers", "KAFKA_BROKERS", kafka.DefaultBrokerAddr, "comma-separated Kafka bootstrap brokers")
	since := fs.String("since", "", "", "only dead letters written at or after this RFC 3339 time, or this long ago (2h)")
	var f dlqFilter
	fs.stringVar(&f.filter, "filter", "", "", "only dead letters whose error contains this text")
	fs.stringVar(&f.id, "id", "", "", "only the dead letters of this key (a mention id)")
	dry := false
	if replay {
		fs.boolVar(&dry, "dry-run", "", false, "count what would be replayed, send nothing")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	var err error
	if f.since, err = parseSince(*since, time.Now()); err != nil {
		return fmt.Errorf("dlq: %w", err)
	}
	bs := splitList(*brokers)
	var w *kafka.Writer
	if replay && !dry {
		if w, err = kafka.NewWriter(kafka.WriterConfig{Brokers: bs}); err != nil {
			return err
		}
		defer w.Close()
	}
	sum := dlqSummary{DryRun: dry}
	enc := json.NewEncoder(io.out)
	lastReport := time.Now()
	err = kafka.Scan(ctx, bs, socialcrm.TopicDLQ, func(msg kafka.Message) error {
		sum.Read++
		var d socialcrm.DeadLetter
		if err := json.Unmarshal(msg.Value, &d); err != nil {
			return fmt.Errorf("dlq: dead letter at %d/%d does not decode: %w", msg.Partition, msg.Offset, err)
		}
		if !f.match(msg.Key, &d) {
			return nil
		}
		sum.Matched++
		switch {
		case !replay:
			return enc.Encode(dlqEntry{Key: string(msg.Key), Error: d.Error, Topic: d.Topic, Partition: d.Partition,
				Offset: d.Offset, Size: d.Size, Truncated: d.Truncated, At: d.At, DLQ: fmt.Sprintf("%d/%d", msg.Partition, msg.Offset)})
		case d.Truncated || d.Topic == "":
			sum.Truncated++
			fmt.Fprintf(io.err, "dlq: %s at %s/%d/%d kept only its first %d of %d bytes: not replayed\n",
				msg.Key, d.Topic, d.Partition, d.Offset, len(d.Value), d.Size)
			return nil
		case !dry:
			if err := w.Write(ctx, kafka.Message{Topic: d.Topic, Key: msg.Key, Value: d.Value}); err != nil {
				return fmt.Errorf("dlq: replay %s to %s: %w", msg.Key, d.Topic, err)
			}
		}
		sum.Replayed++
		if time.Since(lastReport) >= time.Second {
			fmt.Fprintf(io.err, "dlq: %d read, %d replayed\n", sum.Read, sum.Replayed)
			lastReport = time.Now()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if replay {
		fmt.Fprintf(io.err, "dlq: %d read, %d matched, %d replayed%s\n", sum.Read, sum.Matched, sum.Replayed,
			map[bool]string{true: " (dry run: nothing sent)", false: ""}[dry])
		return enc.Encode(sum)
	}
	return nil
}
