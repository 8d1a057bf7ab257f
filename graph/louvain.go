package graph

import "math/rand/v2"

// wgraph is a weighted undirected graph in CSR form. self[u] is the
// weight of u's self-loop, which counts twice in u's degree.
type wgraph struct {
	off  []int32
	nbr  []int32
	w    []float64
	self []float64
}

func (g *wgraph) n() int { return len(g.off) - 1 }

// degrees returns every node's weighted degree and their sum, 2m.
func (g *wgraph) degrees() ([]float64, float64) {
	k := make([]float64, g.n())
	m2 := 0.0
	for u := range k {
		k[u] = 2 * g.self[u]
		for e := g.off[u]; e < g.off[u+1]; e++ {
			k[u] += g.w[e]
		}
		m2 += k[u]
	}
	return k, m2
}

// louvain finds communities maximising modularity with resolution gamma
// by the Louvain method (Blondel et al. 2008): local moves of single
// nodes, then aggregation of communities into nodes, until no move helps.
// It returns the community of each node, numbered from 0, and the
// modularity of the result.
func louvain(g *wgraph, gamma float64, seed uint64) ([]int32, int, float64) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	memb := make([]int32, g.n())
	for i := range memb {
		memb[i] = int32(i)
	}
	k := g.n()
	cur := g
	for range 32 {
		comm, moved := moveNodes(cur, gamma, rng)
		if !moved {
			break
		}
		var nk int
		comm, nk = renumber(comm)
		for i := range memb {
			memb[i] = comm[memb[i]]
		}
		if nk == k {
			break
		}
		k = nk
		cur = aggregate(cur, comm, nk)
	}
	memb, k = renumber(memb)
	return memb, k, modularity(g, memb, k, gamma)
}

// moveNodes is Louvain's local phase: each node in turn joins the
// neighbouring community with the best modularity gain.
func moveNodes(g *wgraph, gamma float64, rng *rand.Rand) ([]int32, bool) {
	n := g.n()
	k, m2 := g.degrees()
	if m2 == 0 {
		return nil, false
	}
	comm := make([]int32, n)
	tot := make([]float64, n)
	for i := range comm {
		comm[i] = int32(i)
		tot[i] = k[i]
	}
	order := rng.Perm(n)
	neigh := make([]float64, n)
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	var touched []int32
	tick := int32(0)
	improved := false
	for range 64 {
		moved := 0
		for _, i := range order {
			ci, ki := comm[i], k[i]
			tick++
			touched = touched[:0]
			stamp[ci], neigh[ci] = tick, 0
			touched = append(touched, ci)
			for e := g.off[i]; e < g.off[i+1]; e++ {
				j := g.nbr[e]
				if int(j) == i {
					continue
				}
				c := comm[j]
				if stamp[c] != tick {
					stamp[c], neigh[c] = tick, 0
					touched = append(touched, c)
				}
				neigh[c] += g.w[e]
			}
			tot[ci] -= ki
			best, bestGain := ci, neigh[ci]-gamma*tot[ci]*ki/m2
			for _, c := range touched {
				if gain := neigh[c] - gamma*tot[c]*ki/m2; gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			if best != ci {
				comm[i] = best
				moved++
			}
		}
		if moved == 0 {
			break
		}
		improved = true
	}
	return comm, improved
}

// renumber maps community labels onto 0..k-1 in order of appearance.
func renumber(comm []int32) ([]int32, int) {
	idx := make(map[int32]int32)
	out := make([]int32, len(comm))
	for i, c := range comm {
		id, ok := idx[c]
		if !ok {
			id = int32(len(idx))
			idx[c] = id
		}
		out[i] = id
	}
	return out, len(idx)
}

// aggregate builds the graph whose nodes are the k communities of g.
func aggregate(g *wgraph, comm []int32, k int) *wgraph {
	n := g.n()
	start := make([]int32, k+1)
	for _, c := range comm {
		start[c+1]++
	}
	for c := range k {
		start[c+1] += start[c]
	}
	members := make([]int32, n)
	pos := make([]int32, k)
	copy(pos, start[:k])
	for u, c := range comm {
		members[pos[c]] = int32(u)
		pos[c]++
	}
	out := &wgraph{off: make([]int32, k+1), self: make([]float64, k)}
	acc := make([]float64, k)
	stamp := make([]int32, k)
	for i := range stamp {
		stamp[i] = -1
	}
	var touched []int32
	for c := range int32(k) {
		touched = touched[:0]
		internal := 0.0
		for _, u := range members[start[c]:start[c+1]] {
			out.self[c] += g.self[u]
			for e := g.off[u]; e < g.off[u+1]; e++ {
				d := comm[g.nbr[e]]
				if d == c {
					internal += g.w[e]
					continue
				}
				if stamp[d] != c {
					stamp[d], acc[d] = c, 0
					touched = append(touched, d)
				}
				acc[d] += g.w[e]
			}
		}
		out.self[c] += internal / 2
		for _, d := range touched {
			out.nbr = append(out.nbr, d)
			out.w = append(out.w, acc[d])
		}
		out.off[c+1] = int32(len(out.nbr))
	}
	return out
}

// modularity is Q of the partition memb of g with k communities.
func modularity(g *wgraph, memb []int32, k int, gamma float64) float64 {
	deg, m2 := g.degrees()
	if m2 == 0 {
		return 0
	}
	in := make([]float64, k)
	tot := make([]float64, k)
	for u := range g.n() {
		c := memb[u]
		tot[c] += deg[u]
		in[c] += 2 * g.self[u]
		for e := g.off[u]; e < g.off[u+1]; e++ {
			if memb[g.nbr[e]] == c {
				in[c] += g.w[e]
			}
		}
	}
	q := 0.0
	for c := range k {
		q += in[c]/m2 - gamma*(tot[c]/m2)*(tot[c]/m2)
	}
	return q
}
