package graph

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// factors evaluates the tie strength formula (see the package
// documentation) for p at time now, given its overlap.
func (c *Config) factors(p *pair, overlap float64, now int64, lambda float64) socialcrm.TieFactors {
	age := float64(max(now-p.last, 0))
	decay := math.Exp(-lambda * age)
	vol := (p.w[0] + p.w[1]) * decay
	n0, n1 := float64(p.n[0]), float64(p.n[1])
	recip := 2 * min(n0, n1) / (n0 + n1)
	kinds := bits.OnesCount16(p.kinds[0] | p.kinds[1])
	chans := max(bits.OnesCount32(p.chans), 1)
	multi := min(1, float64(kinds-1+chans-1)/3)
	intensity := math.Log1p(vol) * (1 + c.Reciprocity*recip) * (1 + c.Multiplexity*multi)
	return socialcrm.TieFactors{Volume: vol, Recency: decay, Reciprocity: recip,
		Multiplexity: multi, Overlap: overlap, Intensity: intensity}
}

// strength is the final tie strength from the factors.
func (c *Config) strength(f socialcrm.TieFactors) float64 {
	return f.Intensity * (1 + c.OverlapBoost*f.Overlap)
}

// overlapOf is Onnela's neighbourhood overlap of a pair with common
// shared neighbours between nodes of degrees ka and kb.
func overlapOf(common, ka, kb int) float64 {
	den := ka - 1 + kb - 1 - common
	if den <= 0 {
		return 0
	}
	return float64(common) / float64(den)
}

// kindsOf lists the kinds in a mask.
func kindsOf(mask uint16) []socialcrm.InteractionKind {
	var ks []socialcrm.InteractionKind
	for i, k := range socialcrm.Kinds {
		if mask&(1<<i) != 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// reasons explains a tie's class from its factors, in words.
func reasons(t *socialcrm.Tie, threshold float64, halfLife time.Duration, now int64) []string {
	var rs []string
	if t.Class == socialcrm.TieStrong {
		rs = append(rs, fmt.Sprintf("strength %.2f is above the strong threshold %.2f", t.Strength, threshold))
	} else {
		rs = append(rs, fmt.Sprintf("strength %.2f is not above the strong threshold %.2f", t.Strength, threshold))
	}
	rs = append(rs, fmt.Sprintf("%s: %d sent, %d received", t.Direction, t.Sent, t.Received))
	switch {
	case t.Interactions == 1:
		rs = append(rs, "a single interaction")
	case t.Interactions >= 5:
		rs = append(rs, fmt.Sprintf("frequent: %d interactions", t.Interactions))
	default:
		rs = append(rs, fmt.Sprintf("occasional: %d interactions", t.Interactions))
	}
	days := float64(max(now-t.Last.Unix(), 0)) / 86400
	if time.Duration(days*24)*time.Hour < halfLife {
		rs = append(rs, fmt.Sprintf("recent: last interaction %.0f days ago", days))
	} else {
		rs = append(rs, fmt.Sprintf("fading: last interaction %.0f days ago (half-life %.0f days)", days, halfLife.Hours()/24))
	}
	ks := make([]string, len(t.Kinds))
	for i, k := range t.Kinds {
		ks[i] = string(k)
	}
	if len(t.Kinds) > 1 || len(t.Channels) > 1 {
		rs = append(rs, fmt.Sprintf("multiplex: %s on %d channel(s)", strings.Join(ks, ", "), max(len(t.Channels), 1)))
	} else {
		rs = append(rs, "single kind: "+strings.Join(ks, ", "))
	}
	if t.Overlap > 0 {
		rs = append(rs, fmt.Sprintf("shared circle: neighbourhood overlap %.2f", t.Overlap))
	} else {
		rs = append(rs, "no shared neighbours: a bridge between circles")
	}
	return rs
}
