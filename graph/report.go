package graph

import (
	"slices"

	"github.com/socialcrm/socialcrm"
)

// Report summarises the communities, largest first, at most limit (all
// when limit <= 0).
func (a *Analysis) Report(limit int) *socialcrm.CommunityReport {
	r := &socialcrm.CommunityReport{Count: a.NumComm, Modularity: a.Modularity, ComputedAt: a.At}
	order := make([]int32, a.NumComm)
	for c := range order {
		order[c] = int32(c)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return int(a.commSize[y] - a.commSize[x]) })
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	pos := make(map[int32]int, len(order))
	for i, c := range order {
		pos[c] = i
		r.Communities = append(r.Communities, socialcrm.Community{ID: int(c), Size: int(a.commSize[c])})
	}
	const top = 5
	for _, u := range a.byRank {
		if i, ok := pos[a.Community[u]]; ok && len(r.Communities[i].Top) < top {
			r.Communities[i].Top = append(r.Communities[i].Top, a.names[u])
		}
	}
	var brokers []int32
	for u, b := range a.Brokerage {
		if _, ok := pos[a.Community[u]]; ok && b > 0 {
			brokers = append(brokers, int32(u))
		}
	}
	slices.SortFunc(brokers, func(x, y int32) int {
		if d := a.Brokerage[y] - a.Brokerage[x]; d != 0 {
			return int(d)
		}
		return int(a.rank[x] - a.rank[y])
	})
	for _, u := range brokers {
		if i := pos[a.Community[u]]; len(r.Communities[i].Brokers) < 3 {
			r.Communities[i].Brokers = append(r.Communities[i].Brokers, a.names[u])
		}
	}
	return r
}

// Influencers returns the highest-PageRank nodes, restricted to those
// that took part in interactions about brand when brand is not "".
func (a *Analysis) Influencers(brand string, limit int) []socialcrm.Influencer {
	var mask uint64
	if brand != "" {
		bit, ok := a.brandIdx[brand]
		if !ok {
			return []socialcrm.Influencer{}
		}
		mask = 1 << bit
	}
	out := []socialcrm.Influencer{}
	for _, u := range a.byRank {
		if limit > 0 && len(out) >= limit {
			break
		}
		if mask != 0 && a.brands[u]&mask == 0 {
			continue
		}
		out = append(out, a.influencer(u))
	}
	return out
}

func (a *Analysis) influencer(u int32) socialcrm.Influencer {
	return socialcrm.Influencer{Key: a.names[u], Rank: int(a.rank[u]), PageRank: a.PageRank[u],
		Followers: int(a.followers[u]), Reach: int(a.Reach[u]), Degree: a.adj.degree(u),
		Community: int(a.Community[u]), Brokerage: int(a.Brokerage[u])}
}
