package graph

import (
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Config tunes the tie strength formula, the classification and the
// analysis. DefaultConfig gives the documented defaults.
type Config struct {
	// KindWeights is w(kind) in the formula. Kinds missing from the map
	// weigh 1.
	KindWeights map[socialcrm.InteractionKind]float64
	// HalfLife is H: an interaction H old counts half as much as a new one.
	HalfLife time.Duration
	// Reciprocity, Multiplexity and OverlapBoost are ρ, μ and ω.
	Reciprocity  float64
	Multiplexity float64
	OverlapBoost float64
	// StrongQuantile classifies ties whose strength is above this quantile
	// of all strengths as strong (default 0.8: the top 20 %).
	StrongQuantile float64
	// StrongThreshold, when positive, replaces the quantile by a fixed
	// strength threshold.
	StrongThreshold float64
	// Resolution is the modularity resolution γ of community detection.
	Resolution float64
	// Damping is the PageRank damping factor.
	Damping float64
	// InfluencerTop is how many top-PageRank nodes count as influencers
	// when tagging ties.
	InfluencerTop int
	// BrandAccounts maps node keys of a brand's own accounts to the brand.
	BrandAccounts map[string]string
	// Now is the reference time for decay. Nil means the latest
	// interaction time seen, which keeps replays of old data meaningful.
	Now func() time.Time
	// AnalyzeEvery bounds how often the live graph recomputes communities
	// and PageRank for queries (default 30 s).
	AnalyzeEvery time.Duration
	// Seed makes community detection reproducible.
	Seed uint64
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		KindWeights: map[socialcrm.InteractionKind]float64{
			socialcrm.KindReply:   4,
			socialcrm.KindQuote:   4,
			socialcrm.KindComment: 4,
			socialcrm.KindMention: 3,
			socialcrm.KindShare:   2,
			socialcrm.KindLike:    1,
			socialcrm.KindPost:    1,
			socialcrm.KindCheckin: 1,
			socialcrm.KindPin:     1,
			socialcrm.KindFollow:  0.5,
		},
		HalfLife:       30 * 24 * time.Hour,
		Reciprocity:    1,
		Multiplexity:   0.5,
		OverlapBoost:   1,
		StrongQuantile: 0.8,
		Resolution:     1,
		Damping:        0.85,
		InfluencerTop:  100,
		AnalyzeEvery:   30 * time.Second,
		Seed:           1,
	}
}

// Validate reports the first bad setting.
func (c Config) Validate() error {
	switch {
	case c.HalfLife <= 0:
		return socialcrm.Invalidf("graph: half-life %v must be positive", c.HalfLife)
	case c.StrongThreshold <= 0 && (c.StrongQuantile <= 0 || c.StrongQuantile >= 1):
		return socialcrm.Invalidf("graph: strong quantile %v must be in (0,1)", c.StrongQuantile)
	case c.Reciprocity < 0 || c.Multiplexity < 0 || c.OverlapBoost < 0:
		return socialcrm.Invalidf("graph: reciprocity, multiplexity and overlap factors must not be negative")
	case c.Resolution <= 0:
		return socialcrm.Invalidf("graph: resolution %v must be positive", c.Resolution)
	case c.Damping <= 0 || c.Damping >= 1:
		return socialcrm.Invalidf("graph: damping %v must be in (0,1)", c.Damping)
	}
	for k, w := range c.KindWeights {
		if w < 0 {
			return socialcrm.Invalidf("graph: weight of %s is negative", k)
		}
	}
	return nil
}

// weight returns w(kind).
func (c *Config) weight(k socialcrm.InteractionKind) float64 {
	if w, ok := c.KindWeights[k]; ok {
		return w
	}
	return 1
}

// kindIndex is the bit of each kind in a kinds mask.
func kindIndex(k socialcrm.InteractionKind) (int, error) {
	for i, x := range socialcrm.Kinds {
		if x == k {
			return i, nil
		}
	}
	return 0, fmt.Errorf("graph: unknown interaction kind %q: %w", k, socialcrm.ErrInvalid)
}
