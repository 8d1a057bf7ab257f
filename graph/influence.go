package graph

// Influence is the PageRank of node key relative to the average node (1
// is average, 10 is ten times as central) in the current analysis; 0 for
// a node the graph does not know. It does not wait for a new analysis.
func (g *Graph) Influence(key string) float64 {
	a := g.Current()
	u, ok := a.lookup(key)
	if !ok || int(u) >= len(a.PageRank) {
		return 0
	}
	return a.PageRank[u] * float64(len(a.PageRank))
}
