// Package graphgen generates synthetic interaction graphs for tests,
// benchmarks and demos: a realistic population with heavy-tailed activity
// and popularity, close circles and occasional far-reaching contacts, and
// planted-partition graphs with known communities.
package graphgen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Options shape a realistic population.
type Options struct {
	Interactions int
	Authors      int
	Seed         uint64
	// Start and Span place the timestamps; zero values give the 90 days
	// before 2026-11-01.
	Start time.Time
	Span  time.Duration
}

func (o *Options) defaults() {
	if o.Span == 0 {
		o.Span = 90 * 24 * time.Hour
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(-o.Span)
	}
	o.Authors = max(o.Authors, 10)
}

// Name is the node key of author i.
func Name(i int) string { return "u" + strconv.Itoa(i) }

// population holds the circles authors belong to.
type population struct {
	o     Options
	rng   *rand.Rand
	start []int32 // first author of each circle
	of    []int32 // circle of each author
}

func newPopulation(o Options) *population {
	p := &population{o: o, rng: rand.New(rand.NewPCG(o.Seed, o.Seed+1)), of: make([]int32, o.Authors)}
	for a := 0; a < o.Authors; {
		// circle sizes are heavy-tailed: mostly 5–30, a few hundreds
		size := int(5 / math.Pow(1-p.rng.Float64(), 1/1.5))
		size = min(max(size, 3), 2000, o.Authors-a)
		p.start = append(p.start, int32(a))
		for i := a; i < a+size; i++ {
			p.of[i] = int32(len(p.start) - 1)
		}
		a += size
	}
	p.start = append(p.start, int32(o.Authors))
	return p
}

// heavy draws an author with a power-law preference for low indexes,
// which are scattered over circles by a permutation (an affine map modulo
// the population; salt picks one, so activity and popularity differ).
func (p *population) heavy(alpha float64, salt uint64) int {
	i := int(float64(p.o.Authors) * math.Pow(p.rng.Float64(), alpha))
	return int((uint64(i)*2654435761 + salt) % uint64(p.o.Authors))
}

// friend returns author u's j-th close contact, in u's circle.
func (p *population) friend(u, j int) int {
	c := p.of[u]
	lo, hi := int(p.start[c]), int(p.start[c+1])
	h := (uint64(u)*0x9e3779b97f4a7c15 + uint64(j)*0xbf58476d1ce4e5b9) >> 17
	v := lo + int(h%uint64(hi-lo))
	if v == u {
		v = lo + (v-lo+1)%(hi-lo)
	}
	return v
}

// Realistic calls emit for o.Interactions interactions of a population of
// o.Authors: active authors are few (heavy-tailed activity), popular ones
// too (heavy-tailed popularity); most talk happens inside small circles
// and between the same close contacts, often both ways, with replies and
// mentions; the rest are likes, shares and follows of popular accounts
// anywhere. Strong ties therefore sit inside circles and weak ones bridge
// them.
func Realistic(o Options, emit func(socialcrm.Interaction)) {
	o.defaults()
	p := newPopulation(o)
	rng := p.rng
	near := []socialcrm.InteractionKind{socialcrm.KindReply, socialcrm.KindReply, socialcrm.KindMention, socialcrm.KindQuote, socialcrm.KindLike, socialcrm.KindShare}
	far := []socialcrm.InteractionKind{socialcrm.KindLike, socialcrm.KindLike, socialcrm.KindShare, socialcrm.KindFollow, socialcrm.KindMention, socialcrm.KindReply}
	channels := []string{"mastodon", "bluesky", "x", "reddit"}
	at := func() time.Time {
		return o.Start.Add(time.Duration(rng.Float64() * float64(o.Span)))
	}
	newcomer := 0
	for n := 0; n < o.Interactions; {
		u := p.heavy(2.2, 12345)
		if rng.Float64() < 0.5 { // a newcomer: the long tail of the population, each once
			u = int((uint64(newcomer)*0x9e3779b1 + 99991) % uint64(o.Authors))
			newcomer++
		}
		r := rng.Float64()
		var v int
		kinds := far
		switch {
		case r < 0.5: // a close contact, again
			v, kinds = p.friend(u, rng.IntN(1+u%4)), near
		case r < 0.6: // someone else in the circle
			c := p.of[u]
			v, kinds = int(p.start[c])+rng.IntN(int(p.start[c+1]-p.start[c])), near
		default: // a popular account anywhere
			v = p.heavy(3, 777)
		}
		if v == u {
			continue
		}
		in := socialcrm.Interaction{V: 1, From: Name(u), To: Name(v), Kind: kinds[rng.IntN(len(kinds))],
			At: at(), Source: channels[u%len(channels)], Followers: followers(u)}
		emit(in)
		n++
		if kinds[0] == socialcrm.KindReply && rng.Float64() < 0.6 && n < o.Interactions { // answered
			back := in
			back.From, back.To, back.Kind, back.Followers = in.To, in.From, socialcrm.KindReply, followers(v)
			back.At = in.At.Add(time.Duration(rng.IntN(3600)) * time.Second)
			if rng.Float64() < 0.3 {
				back.Source = channels[v%len(channels)]
			}
			emit(back)
			n++
		}
	}
}

// followers is a heavy-tailed follower count that depends on the author.
func followers(u int) int {
	h := float64((uint64(u)*0x9e3779b97f4a7c15)>>11) / (1 << 53)
	return int(20 / math.Pow(1-h, 1/1.2))
}

// Planted generates a planted-partition graph: groups of size nodes where
// each pair inside a group is connected with probability pIn and each
// pair across groups with pOut; a connected pair interacts 1 to 3 times.
// It returns the interactions and each node's group.
func Planted(groups, size int, pIn, pOut float64, seed uint64) ([]socialcrm.Interaction, map[string]int) {
	rng := rand.New(rand.NewPCG(seed, seed+7))
	n := groups * size
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	kinds := []socialcrm.InteractionKind{socialcrm.KindReply, socialcrm.KindMention, socialcrm.KindLike, socialcrm.KindShare}
	var ins []socialcrm.Interaction
	labels := make(map[string]int, n)
	for u := range n {
		labels[Name(u)] = u / size
		for v := u + 1; v < n; v++ {
			p := pOut
			if u/size == v/size {
				p = pIn
			}
			if rng.Float64() >= p {
				continue
			}
			for range 1 + rng.IntN(3) {
				from, to := u, v
				if rng.IntN(2) == 0 {
					from, to = v, u
				}
				ins = append(ins, socialcrm.Interaction{V: 1, From: Name(from), To: Name(to),
					Kind: kinds[rng.IntN(len(kinds))], At: start.Add(time.Duration(rng.IntN(30*24)) * time.Hour)})
			}
		}
	}
	return ins, labels
}

// CSVWriter writes interactions as source,target,timestamp,kind rows.
type CSVWriter struct {
	w   *bufio.Writer
	b   []byte
	err error
}

// NewCSVWriter writes the header row to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	c := &CSVWriter{w: bufio.NewWriterSize(w, 1<<20)}
	_, c.err = c.w.WriteString("source,target,timestamp,kind\n")
	return c
}

// Write writes one row; errors are kept for Flush.
func (c *CSVWriter) Write(in socialcrm.Interaction) {
	if c.err != nil {
		return
	}
	c.b = append(c.b[:0], in.From...)
	c.b = append(c.b, ',')
	c.b = append(c.b, in.To...)
	c.b = append(c.b, ',')
	c.b = strconv.AppendInt(c.b, in.At.Unix(), 10)
	c.b = append(c.b, ',')
	c.b = append(c.b, in.Kind...)
	c.b = append(c.b, '\n')
	_, c.err = c.w.Write(c.b)
}

// Flush writes buffered rows and returns the first error.
func (c *CSVWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}
