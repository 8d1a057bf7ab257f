package socialcrm

import "context"

// GraphNode is one node of the stored relationship graph: an author key
// (see NodeKey), its most followers seen and its brands (bit per brand of
// GraphChanges.Meta's interning).
type GraphNode struct {
	Seq       int64 // the node's place in the graph: loads come in Seq order
	Key       string
	Followers int32
	Brands    uint64
}

// GraphPair is everything the graph knows about one unordered pair of
// nodes, keys A < B in byte order: counts, decayed kind-weighted volumes and kinds per direction (index 0
// is A → B), the channels seen and the first and latest interaction
// (Unix seconds).
type GraphPair struct {
	Seq   int64 // the pair's place in the graph: loads come in Seq order
	A, B  string
	N     [2]uint32
	W     [2]float64
	Kinds [2]uint16
	Chans uint32
	First int64
	Last  int64
}

// GraphSeen is a key of the graph's duplicate filter (a hash of an
// interaction) and the filter generation that holds it.
type GraphSeen struct {
	Key uint64
	Gen int64
}

// GraphChanges is one incremental save of the graph: nodes and pairs
// upserted by key, nodes removed with every pair they are in, keys added
// to the duplicate filter (the keys of generations before SeenFrom are
// dropped), and the graph's small meta blob, replaced. NewNodes and
// NewPairs are upserted too, but are rows no earlier save held, so that a
// store may insert them without looking for one first (it must still take
// them if one is there).
type GraphChanges struct {
	Nodes    []GraphNode
	Pairs    []GraphPair
	NewNodes []GraphNode
	NewPairs []GraphPair
	Removed  []string
	Seen     []GraphSeen
	SeenFrom int64
	Meta     []byte
}

// GraphStore keeps the relationship graph as rows, so that a save writes
// what changed since the last one, however large the graph.
type GraphStore interface {
	// SaveGraph applies the changes in one transaction: all or nothing.
	// Removed nodes go first, so a node removed and added again in one
	// save is kept.
	SaveGraph(ctx context.Context, c GraphChanges) error
	// LoadGraph calls node for every stored node, then pair for every
	// stored pair, each in Seq order, then seen for every key of the
	// duplicate filter, oldest generation first, and returns the meta
	// blob, or ErrNotFound (calling none) when no graph was saved. An
	// error of a callback stops the load and is returned.
	LoadGraph(ctx context.Context, node func(GraphNode) error, pair func(GraphPair) error, seen func(GraphSeen) error) ([]byte, error)
}
