package graph

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// maxChannels and maxBrands bound the per-pair channel mask and the
// per-node brand mask; later channels or brands are not told apart.
const (
	maxChannels = 32
	maxBrands   = 64
)

// pair holds everything known about one unordered pair of nodes a < b.
// Index 0 of the arrays is the direction a → b, index 1 is b → a.
type pair struct {
	a, b  int32
	n     [2]uint32  // interactions per direction
	w     [2]float64 // kind-weighted volume decayed to time last
	kinds [2]uint16  // kinds seen per direction, bit i = socialcrm.Kinds[i]
	chans uint32     // channels (sources) seen, bit per interned channel
	first int64      // unix seconds of the first interaction
	last  int64      // unix seconds of the latest interaction
}

// Graph is the in-memory relationship graph. It is safe for concurrent
// use: a consumer adds interactions while queries read analyses.
type Graph struct {
	conf   Config
	logger *slog.Logger
	m      *metrics
	lambda float64 // decay rate per second, ln 2 / half-life

	mu        sync.RWMutex
	ids       map[string]int32
	names     []string
	followers []int32
	brands    []uint64  // bit per interned brand
	adj       [][]int32 // pair indexes per node
	pairIdx   map[uint64]int32
	pairs     []pair
	chanIdx   map[string]int
	brandIdx  map[string]int
	latest    int64
	total     int64
	dups      int64
	dedupe    dedupe
	version   uint64
	warned    map[string]bool
	forgotten map[string]bool // node keys erased by Forget, kept out

	// What changed since the last save (see changes): flags and lists of
	// nodes and pairs, node keys to remove, or everything (all).
	dirtyNode  []bool
	dirtyPair  []bool
	dirtyNodes []int32
	dirtyPairs []int32
	removed    []string
	all        bool
	// Nodes and pairs of ids from these on were in no save yet (see
	// changes): a save may insert them rather than upsert.
	savedNodes, savedPairs int32

	kick         chan struct{} // AddSaving and Flush ask RunSnapshots for a save
	dmu          sync.Mutex    // guards waiters, stopped, final and finalErr
	waiters      []chan error
	stopped      bool   // the final save has begun: nothing more is added
	final        bool   // the final save is done
	finalErr     error  // ErrStopped when it failed
	savedVersion uint64 // touched only by RunSnapshots

	amu        sync.Mutex // guards the fields below
	analysis   *Analysis
	analyzedAt time.Time
	refreshing bool           // a background analysis runs
	gen        int            // counts graph replacements by Decode
	bg         sync.WaitGroup // the background analysis
}

// New returns an empty graph. reg may be nil.
func New(conf Config, logger *slog.Logger, reg prometheus.Registerer) (*Graph, error) {
	if err := conf.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	g := &Graph{conf: conf, logger: logger.With("component", "graph"), m: m,
		lambda: math.Ln2 / conf.HalfLife.Seconds(), kick: make(chan struct{}, 1)}
	g.reset()
	return g, nil
}

func (g *Graph) reset() {
	g.ids = make(map[string]int32)
	g.names, g.followers, g.brands, g.adj = nil, nil, nil, nil
	g.pairIdx = make(map[uint64]int32)
	g.pairs = nil
	g.chanIdx = make(map[string]int)
	g.brandIdx = make(map[string]int)
	g.warned = make(map[string]bool)
	g.forgotten = make(map[string]bool)
	g.latest, g.total, g.dups = 0, 0, 0
	g.dedupe = newDedupe()
	g.version++
	g.dirtyNode, g.dirtyPair = nil, nil
	g.savedNodes, g.savedPairs = 0, 0
	g.markAll()
}

// Add adds interactions to the graph. Invalid ones (empty or equal ends,
// unknown kind, zero time) are skipped and reported in the returned error,
// which wraps socialcrm.ErrInvalid; the valid ones are added regardless.
// An interaction whose mention id, target and kind were seen recently is a
// redelivery and is skipped silently (counted in Stats.Duplicates).
func (g *Graph) Add(ins ...socialcrm.Interaction) error {
	var errs []error
	bad := 0
	g.mu.Lock()
	for i := range ins {
		if err := g.add(&ins[i]); err != nil {
			bad++
			if len(errs) < 5 {
				errs = append(errs, err)
			}
		}
	}
	if bad < len(ins) {
		g.version++
	}
	nodes, pairs := len(g.names), len(g.pairs)
	g.mu.Unlock()
	g.m.added.Add(float64(len(ins) - bad)) // duplicates included
	g.m.rejected.Add(float64(bad))
	g.m.nodes.Set(float64(nodes))
	g.m.pairs.Set(float64(pairs))
	if bad > 0 {
		return fmt.Errorf("graph: %d of %d interactions rejected: %w", bad, len(ins), errors.Join(errs...))
	}
	return nil
}

// check validates one interaction.
func check(in *socialcrm.Interaction) (int, error) {
	switch {
	case in.From == "" || in.To == "":
		return 0, socialcrm.Invalidf("graph: interaction %q: empty from or to", in.MentionID)
	case in.From == in.To:
		return 0, socialcrm.Invalidf("graph: interaction %q: self interaction of %q", in.MentionID, in.From)
	case in.At.IsZero():
		return 0, socialcrm.Invalidf("graph: interaction %q: no time", in.MentionID)
	}
	return kindIndex(in.Kind)
}

// add adds one interaction; g.mu is held.
func (g *Graph) add(in *socialcrm.Interaction) error {
	k, err := check(in)
	if err != nil {
		return err
	}
	if g.forgotten[in.From] || g.forgotten[in.To] {
		return nil // an erased person: kept out, silently
	}
	if g.dedupe.seen(in) {
		g.dups++
		g.m.duplicates.Inc()
		return nil
	}
	from, to := g.node(in.From), g.node(in.To)
	if f := int32(min(in.Followers, math.MaxInt32)); f > g.followers[from] {
		g.followers[from] = f
		g.markNode(from)
	}
	if in.Brand != "" {
		if bit, ok := g.intern(g.brandIdx, in.Brand, maxBrands, "brand"); ok && (g.brands[from]&g.brands[to])>>bit&1 == 0 {
			g.brands[from] |= 1 << bit
			g.brands[to] |= 1 << bit
			g.markNode(from)
			g.markNode(to)
		}
	}
	pi, d := g.pair(from, to)
	g.markPair(pi)
	p := &g.pairs[pi]
	t := in.At.Unix()
	w := g.conf.weight(in.Kind)
	switch {
	case p.n[0]+p.n[1] == 0:
		p.first, p.last, p.w[d] = t, t, w
	case t >= p.last:
		f := math.Exp(-g.lambda * float64(t-p.last))
		p.w[0], p.w[1] = p.w[0]*f, p.w[1]*f
		p.w[d] += w
		p.last = t
	default:
		p.w[d] += w * math.Exp(-g.lambda*float64(p.last-t))
		p.first = min(p.first, t)
	}
	p.n[d]++
	p.kinds[d] |= 1 << k
	if in.Source != "" {
		if bit, ok := g.intern(g.chanIdx, in.Source, maxChannels, "channel"); ok {
			p.chans |= 1 << bit
		}
	}
	g.latest = max(g.latest, t)
	g.total++
	return nil
}

// node returns the id of key, adding the node if new.
func (g *Graph) node(key string) int32 {
	if id, ok := g.ids[key]; ok {
		return id
	}
	id := int32(len(g.names))
	g.ids[key] = id
	g.names = append(g.names, key)
	g.followers = append(g.followers, 0)
	g.brands = append(g.brands, 0)
	g.adj = append(g.adj, nil)
	g.dirtyNode = append(g.dirtyNode, false)
	g.markNode(id)
	return id
}

// pair returns the index of the pair of from and to, creating it, and the
// direction.
func (g *Graph) pair(from, to int32) (int32, int) {
	a, b, d := from, to, 0
	if a > b {
		a, b, d = to, from, 1
	}
	key := uint64(a)<<32 | uint64(b)
	i, ok := g.pairIdx[key]
	if !ok {
		i = int32(len(g.pairs))
		g.pairIdx[key] = i
		g.pairs = append(g.pairs, pair{a: a, b: b})
		g.adj[a] = append(g.adj[a], i)
		g.adj[b] = append(g.adj[b], i)
		g.dirtyPair = append(g.dirtyPair, false)
	}
	return i, d
}

// intern returns the bit of name in idx, adding it while there is room.
func (g *Graph) intern(idx map[string]int, name string, limit int, what string) (int, bool) {
	if bit, ok := idx[name]; ok {
		return bit, true
	}
	if len(idx) >= limit {
		if !g.warned[what] {
			g.warned[what] = true
			g.logger.Warn("too many distinct values; later ones are not told apart", "what", what, "limit", limit, "value", name)
		}
		return 0, false
	}
	idx[name] = len(idx)
	return len(idx) - 1, true
}

// Stats are the graph's sizes.
type Stats struct {
	Nodes        int       `json:"nodes"`
	Pairs        int       `json:"pairs"`
	Interactions int64     `json:"interactions"`
	Duplicates   int64     `json:"duplicates"`
	Latest       time.Time `json:"latest"`
}

// Stats returns the graph's sizes.
func (g *Graph) Stats() Stats {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return Stats{Nodes: len(g.names), Pairs: len(g.pairs), Interactions: g.total, Duplicates: g.dups, Latest: time.Unix(g.latest, 0).UTC()}
}

// now returns the reference time of decay in unix seconds; g.mu is held.
func (g *Graph) now() int64 {
	if g.conf.Now != nil {
		return g.conf.Now().Unix()
	}
	return g.latest
}
