package synthetic

import (
	"context"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Config tunes the synthetic collector.
type Config struct {
	Seed int64
	Rate float64 // mentions per second; 0 means 20
	// BurstEvery starts a complaint burst for a random brand this often;
	// 0 means never. Each burst lasts BurstFor (default 2 minutes).
	BurstEvery time.Duration
	BurstFor   time.Duration
	Now        func() time.Time // clock; time.Now when nil
}

// Collector emits synthetic mentions at a steady rate.
type Collector struct {
	conf Config
	mu   sync.Mutex
	gen  *Generator
}

var _ socialcrm.Collector = (*Collector)(nil)

// New returns a synthetic collector. Native ids start from the clock so
// that a restarted demo does not overwrite earlier mentions.
func New(conf Config) *Collector {
	if conf.Rate <= 0 {
		conf.Rate = 20
	}
	if conf.BurstFor <= 0 {
		conf.BurstFor = 2 * time.Minute
	}
	if conf.Now == nil {
		conf.Now = time.Now
	}
	g := NewGenerator(conf.Seed)
	g.SetBase(conf.Now().UnixMilli() * 10)
	return &Collector{conf: conf, gen: g}
}

// Name implements socialcrm.Collector.
func (c *Collector) Name() string { return "synthetic" }

// People returns the synthetic authors, for seeding CRM contacts.
func (c *Collector) People() []Person { return c.gen.People() }

// Burst starts a complaint burst for brand lasting d (theme "" picks
// one): now, or at notBefore if that is later. It returns when the burst
// starts.
func (c *Collector) Burst(brand, theme string, notBefore time.Time, d time.Duration) (time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	from := c.conf.Now()
	if from.Before(notBefore) {
		from = notBefore
	}
	return from, c.gen.StartBurst(brand, theme, from, from.Add(d))
}

// Collect emits mentions until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit func(context.Context, *socialcrm.Mention) error) error {
	const tick = 50 * time.Millisecond
	t := time.NewTicker(tick)
	defer t.Stop()
	var owed float64
	nextBurst := c.conf.Now().Add(c.conf.BurstEvery)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		now := c.conf.Now()
		if c.conf.BurstEvery > 0 && now.After(nextBurst) {
			c.mu.Lock()
			b := Brands()[c.gen.rng.IntN(len(brands))]
			c.mu.Unlock()
			_, _ = c.Burst(b, "", now, c.conf.BurstFor)
			nextBurst = now.Add(c.conf.BurstEvery)
		}
		owed += c.conf.Rate * tick.Seconds()
		for ; owed >= 1; owed-- {
			c.mu.Lock()
			m := c.gen.Next(now)
			c.mu.Unlock()
			if err := emit(ctx, m); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
}
