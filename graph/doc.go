// Package graph keeps the relationship graph of authors and contacts, fed
// with socialcrm.Interaction edges from the interactions topic, and answers
// who is tied to whom and how strongly, which communities exist, who is
// influential and who bridges circles.
//
// # Tie strength
//
// For a connected pair {u, v}, with interactions i of kind k_i at time t_i
// and a reference time now (the latest interaction, or Config.Now):
//
//	decay(t)  = 2^(−(now − t) / H)                   H = Config.HalfLife (30 days)
//	V         = Σ_i w(k_i) · decay(t_i)              kind-weighted, decayed volume
//	R         = decay(latest t_i)                     recency, reported
//	ρ         = 2 · min(n_uv, n_vu) / (n_uv + n_vu)   reciprocity, 0 one-way … 1 balanced
//	μ         = min(1, (kinds − 1 + channels − 1) / 3) multiplexity
//	O         = c / ((d_u − 1) + (d_v − 1) − c)       neighbourhood overlap (Onnela et al. 2007):
//	                                                   c shared neighbours, d degrees
//	I         = ln(1 + V) · (1 + a_ρ·ρ) · (1 + a_μ·μ) intensity
//	S         = I · (1 + a_O·O)                        tie strength
//
// with kind weights w: reply, quote, comment 4; mention 3; share 2; like,
// post, check-in, pin 1; follow 0.5, and a_ρ = 1, a_μ = 0.5, a_O = 1. V
// sums frequency, kind and recency: ten replies count more than one, a
// reply more than a like, and an interaction one half-life old counts half.
// V is updated incrementally per direction, so adding an interaction costs
// O(1).
//
// A tie is strong when S is above the Config.StrongQuantile quantile of
// all strengths (default 0.8: the top fifth), or above
// Config.StrongThreshold when that is set; otherwise it is weak. Each
// socialcrm.Tie carries its factors and reasons in words.
//
// # Communities, influence, brokers
//
// Communities maximise modularity by the Louvain method on the graph
// weighted by intensity I, implemented over compressed rows because
// gonum's community.Modularize was 40 times slower on 150,000
// interactions (BenchmarkCommunities); it reaches the same modularity.
// Influence is PageRank (damping 0.85) on the directed graph whose edge
// u → v weighs u's decayed volume towards v, plus reach: own followers and
// those of the accounts that shared or quoted the node. A node's brokerage
// counts the other communities its weak ties reach. "Who introduced whom"
// is the common neighbour z of u and v whose ties to both predate the
// first u–v interaction, the earliest such path.
package graph
