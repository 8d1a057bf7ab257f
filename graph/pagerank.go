package graph

import "math"

// pagerank ranks nodes on the directed graph whose edge u → v weighs the
// decayed, kind-weighted volume of u's interactions with v: attention
// flows to whom people reply, quote, share and like. Dangling mass is
// spread evenly. It stops when the L1 change falls below 1e-9.
func pagerank(n int, pairs []pair, decay []float64, damping float64) []float64 {
	off := make([]int32, n+1)
	for i := range pairs {
		p := &pairs[i]
		if p.n[0] > 0 {
			off[p.a+1]++
		}
		if p.n[1] > 0 {
			off[p.b+1]++
		}
	}
	for u := range n {
		off[u+1] += off[u]
	}
	pos := make([]int32, n)
	copy(pos, off[:n])
	to := make([]int32, off[n])
	w := make([]float64, off[n])
	outW := make([]float64, n)
	put := func(u, v int32, x float64) {
		x = max(x, 1e-12)
		to[pos[u]], w[pos[u]] = v, x
		pos[u]++
		outW[u] += x
	}
	for i := range pairs {
		p := &pairs[i]
		if p.n[0] > 0 {
			put(p.a, p.b, p.w[0]*decay[i])
		}
		if p.n[1] > 0 {
			put(p.b, p.a, p.w[1]*decay[i])
		}
	}
	pr := make([]float64, n)
	next := make([]float64, n)
	for i := range pr {
		pr[i] = 1 / float64(n)
	}
	for range 100 {
		dangling := 0.0
		for u := range n {
			if outW[u] == 0 {
				dangling += pr[u]
			}
		}
		base := (1-damping)/float64(n) + damping*dangling/float64(n)
		for i := range next {
			next[i] = base
		}
		for u := range n {
			if outW[u] == 0 {
				continue
			}
			s := damping * pr[u] / outW[u]
			for e := off[u]; e < off[u+1]; e++ {
				next[to[e]] += s * w[e]
			}
		}
		diff := 0.0
		for i := range pr {
			diff += math.Abs(next[i] - pr[i])
		}
		pr, next = next, pr
		if diff < 1e-9 {
			break
		}
	}
	return pr
}
