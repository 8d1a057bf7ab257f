package crm

import (
	"context"

	"github.com/socialcrm/socialcrm"
)

// KeepInteraction reports whether the graph may keep an interaction: not
// when either end is an identity of a contact not profiled, so that no
// ties are kept for them.
func (c *Consents) KeepInteraction(ctx context.Context, in socialcrm.Interaction) bool {
	c.fresh(ctx)
	return c.ProfiledKey(in.From) && c.ProfiledKey(in.To)
}

// Graph returns g leaving the identities of contacts not profiled out of
// its influencers (ranked anew without them).
func (c *Consents) Graph(g socialcrm.GraphService) socialcrm.GraphService {
	return consentGraph{GraphService: g, c: c}
}

type consentGraph struct {
	socialcrm.GraphService
	c *Consents
}

func (g consentGraph) Influencers(ctx context.Context, brand string, limit int) ([]socialcrm.Influencer, error) {
	g.c.fresh(ctx)
	g.c.mu.RLock()
	extra := len(g.c.keys) + len(g.c.lkeys)
	g.c.mu.RUnlock()
	ask := limit
	if limit > 0 {
		ask = limit + extra
	}
	all, err := g.GraphService.Influencers(ctx, brand, ask)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, in := range all {
		if g.c.ProfiledKey(in.Key) {
			in.Rank = len(out) + 1
			out = append(out, in)
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
