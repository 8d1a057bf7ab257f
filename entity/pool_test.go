package entity_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/entity"
)

// results collects what a pool hands over.
type results struct {
	mu  sync.Mutex
	got map[string][]socialcrm.Entity
}

func (r *results) handle(id string, ents []socialcrm.Entity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.got == nil {
		r.got = map[string][]socialcrm.Entity{}
	}
	r.got[id] = ents
}

// counter reads a counter from reg; reason selects a series of the skipped
// counter and is empty for the others.
func counter(t *testing.T, reg *prometheus.Registry, name, reason string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if reason == "" {
				return m.GetCounter().GetValue()
			}
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no counter %s{reason=%q}", name, reason)
	return 0
}

func skipped(t *testing.T, reg *prometheus.Registry, reason string) float64 {
	t.Helper()
	return counter(t, reg, "socialcrm_entity_mentions_skipped_total", reason)
}

func extracted(t *testing.T, reg *prometheus.Registry) float64 {
	t.Helper()
	return counter(t, reg, "socialcrm_entity_mentions_extracted_total", "")
}

func newPool(t *testing.T, workers, queue int, h entity.Handler) (*entity.Pool, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	p, err := entity.NewPool(extractor(), workers, queue, h, nil, reg)
	if err != nil {
		t.Fatal(err)
	}
	return p, reg
}

func TestPool_OK(t *testing.T) {
	var r results
	texts := loadTexts(t)
	p, reg := newPool(t, 2, len(texts), r.handle)
	for i, s := range texts {
		if !p.Submit(&socialcrm.Mention{ID: fmt.Sprintf("test:%d", i), Text: s}) {
			t.Fatalf("Submit %d refused with room in the queue", i)
		}
	}
	p.Close()
	if err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := extracted(t, reg); n != float64(len(texts)) {
		t.Errorf("extracted %v mentions, want %d", n, len(texts))
	}
	// The pool's answer for each mention is what the extractor says alone.
	for i, s := range texts {
		want := extractor().Extract(s)
		got := r.got[fmt.Sprintf("test:%d", i)]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("mention %d: pool gave %v, extractor %v", i, got, want)
		}
	}
	if len(r.got) < len(texts)/2 {
		t.Errorf("only %d of %d mentions had entities", len(r.got), len(texts))
	}
}

func TestPool_SkipsWhenFull(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	h := func(string, []socialcrm.Entity) {
		once.Do(func() { close(started) })
		<-release
	}
	p, reg := newPool(t, 1, 2, h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()

	m := &socialcrm.Mention{ID: "test:1", Text: "Tim Cook visited London"}
	if !p.Submit(m) {
		t.Fatal("first Submit refused")
	}
	<-started // the one worker is now busy in the handler
	for i := range 2 {
		if !p.Submit(m) {
			t.Fatalf("Submit %d refused with room in the queue", i)
		}
	}
	for range 5 {
		if p.Submit(m) {
			t.Fatal("Submit accepted into a full queue")
		}
	}
	if n := skipped(t, reg, "queue_full"); n != 5 {
		t.Errorf("queue_full skips = %v, want 5", n)
	}
	cancel()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := skipped(t, reg, "shutdown") + extracted(t, reg); n != 3 {
		t.Errorf("extracted + shut down = %v, want the 3 accepted", n)
	}
	if p.Submit(m) {
		t.Error("Submit accepted after Run ended")
	}
	if n := skipped(t, reg, "closed"); n != 1 {
		t.Errorf("closed skips = %v, want 1", n)
	}
}

func TestPool_SubmitIgnoresEmpty(t *testing.T) {
	p, _ := newPool(t, 1, 4, func(string, []socialcrm.Entity) {})
	for _, m := range []*socialcrm.Mention{nil, {ID: "a"}, {ID: "b", Text: "Tesla", Deleted: true}} {
		if p.Submit(m) {
			t.Errorf("Submit(%+v) accepted", m)
		}
	}
}

func TestPool_RunTwice(t *testing.T) {
	p, _ := newPool(t, 1, 1, func(string, []socialcrm.Entity) {})
	p.Close()
	if err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(context.Background()); err == nil {
		t.Error("second Run succeeded")
	}
}

func TestPool_HandlerPanicCostsOneMention(t *testing.T) {
	var r results
	h := func(id string, ents []socialcrm.Entity) {
		if id == "test:bad" {
			panic("boom")
		}
		r.handle(id, ents)
	}
	p, reg := newPool(t, 1, 4, h)
	p.Submit(&socialcrm.Mention{ID: "test:bad", Text: "Tim Cook visited London"})
	p.Submit(&socialcrm.Mention{ID: "test:good", Text: "Tim Cook visited Paris"})
	p.Close()
	if err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := skipped(t, reg, "failed"); n != 1 {
		t.Errorf("failed = %v, want 1", n)
	}
	if _, ok := r.got["test:good"]; !ok {
		t.Error("mention after the panic was not handled")
	}
}

func TestNewPool_ErrInvalid(t *testing.T) {
	h := func(string, []socialcrm.Entity) {}
	for _, tc := range []struct {
		name           string
		ex             *entity.Extractor
		workers, queue int
		handler        entity.Handler
	}{
		{"NoExtractor", nil, 1, 1, h},
		{"NoHandler", extractor(), 1, 1, nil},
		{"NoWorkers", extractor(), 0, 1, h},
		{"NoQueue", extractor(), 1, 0, h},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := entity.NewPool(tc.ex, tc.workers, tc.queue, tc.handler, nil, prometheus.NewRegistry())
			if !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestNewPool_DuplicateMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := func(string, []socialcrm.Entity) {}
	if _, err := entity.NewPool(extractor(), 1, 1, h, nil, reg); err != nil {
		t.Fatal(err)
	}
	if _, err := entity.NewPool(extractor(), 1, 1, h, nil, reg); err == nil {
		t.Error("second pool on the same registry registered its metrics again")
	}
}

// BenchmarkPool_Submit measures what the pipeline pays per mention the
// pool takes: a send into a queue with room. Every submit must be accepted;
// the queue is refilled from empty every 4,096 mentions, off the clock.
func BenchmarkPool_Submit(b *testing.B) {
	const queue = 4096
	m := &socialcrm.Mention{ID: "bench:1", Text: "Tim Cook visited London"}
	ex := extractor()
	var p *entity.Pool
	accepted := 0
	for i := 0; i < b.N; i++ {
		if i%queue == 0 {
			b.StopTimer()
			var err error
			p, err = entity.NewPool(ex, 1, queue, func(string, []socialcrm.Entity) {}, nil, prometheus.NewRegistry())
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if p.Submit(m) {
			accepted++
		}
	}
	b.StopTimer()
	if accepted != b.N {
		b.Fatalf("%d of %d submits accepted, want all: this measures the accepted path", accepted, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
}

// BenchmarkPool_SubmitQueueFull measures a submit the saturated pool
// refuses and counts: a failed non-blocking send.
func BenchmarkPool_SubmitQueueFull(b *testing.B) {
	p, err := entity.NewPool(extractor(), 1, 1, func(string, []socialcrm.Entity) {}, nil, prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	m := &socialcrm.Mention{ID: "bench:1", Text: "Tim Cook visited London"}
	if !p.Submit(m) {
		b.Fatal("the first submit was refused")
	}
	for b.Loop() {
		if p.Submit(m) {
			b.Fatal("a submit to the full queue was accepted")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
}
