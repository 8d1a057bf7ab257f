package socialcrm

import (
	"context"
	"time"
)

// TieClass says whether a tie is strong (close, frequent, reciprocal) or
// weak (occasional, often bridging to other circles).
type TieClass string

// Tie classes.
const (
	TieStrong TieClass = "strong"
	TieWeak   TieClass = "weak"
)

// TieFactors are the terms of the tie strength formula (see the graph
// package documentation), kept so that a class can be explained.
type TieFactors struct {
	// Volume is the kind-weighted interaction count with exponential decay.
	Volume float64 `json:"volume"`
	// Recency is 2^(-age/half-life) of the latest interaction, in (0,1].
	Recency float64 `json:"recency"`
	// Reciprocity is 2·min(sent,received)/(sent+received), in [0,1].
	Reciprocity float64 `json:"reciprocity"`
	// Multiplexity grows with the distinct kinds and channels, in [0,1].
	Multiplexity float64 `json:"multiplexity"`
	// Overlap is shared neighbours over the union of both neighbourhoods.
	Overlap float64 `json:"overlap"`
	// Intensity is the strength before the overlap term.
	Intensity float64 `json:"intensity"`
}

// Tie directions, from TieDirection.
const (
	BothWays     = "both ways"
	MostlyOneWay = "mostly one-way"
	OneWay       = "one-way"
)

// TieDirection says which way a tie's interactions go: both ways when
// its reciprocity 2·min(sent, received)/(sent + received) is at least
// 0.5 (no more than three times as many one way as the other), mostly
// one-way when it is lower but above 0, one-way when it is 0.
func TieDirection(sent, received int) string {
	if sent+received == 0 || min(sent, received) == 0 {
		return OneWay
	}
	if 4*min(sent, received) >= sent+received {
		return BothWays
	}
	return MostlyOneWay
}

// Tie is the relationship between two nodes of the graph, seen from From.
type Tie struct {
	From         string   `json:"from"`
	To           string   `json:"to"`
	Strength     float64  `json:"strength"`
	Class        TieClass `json:"class"`
	Interactions int      `json:"interactions"`
	Sent         int      `json:"sent"`       // From → To
	Received     int      `json:"received"`   // To → From
	Reciprocal   bool     `json:"reciprocal"` // both sent and received at least once
	// Direction is TieDirection(Sent, Received): what the page's Tie
	// column and the reasons both say.
	Direction string            `json:"direction"`
	Overlap   float64           `json:"overlap"`
	Kinds     []InteractionKind `json:"kinds"`
	Channels  []string          `json:"channels,omitempty"`
	First     time.Time         `json:"first"`
	Last      time.Time         `json:"last"`
	Factors   TieFactors        `json:"factors"`
	// Reasons explain the class in words, strongest factor first.
	Reasons []string `json:"reasons"`
	// IntroducedBy is the common neighbour through whom From and To were
	// first connected (both ties to it predate their first interaction).
	IntroducedBy string `json:"introduced_by,omitempty"`
	// Role of To: "brand" (a brand's own account), "influencer" or "".
	Role string `json:"role,omitempty"`
	// ContactID is the CRM contact To belongs to, when known.
	ContactID string `json:"contact_id,omitempty"`
	// SameCommunity is true when both ends are in the same community.
	SameCommunity bool `json:"same_community"`
}

// Community is a group of densely tied nodes.
type Community struct {
	ID   int `json:"id"`
	Size int `json:"size"`
	// Top lists the most influential members, highest PageRank first.
	Top []string `json:"top"`
	// Brokers lists members whose weak ties reach other communities.
	Brokers []string `json:"brokers,omitempty"`
}

// CommunityReport is the community structure of the whole graph.
type CommunityReport struct {
	Count       int         `json:"count"`
	Modularity  float64     `json:"modularity"`
	Communities []Community `json:"communities"` // largest first
	ComputedAt  time.Time   `json:"computed_at"`
}

// Influencer is a node ranked by influence.
type Influencer struct {
	Key       string  `json:"key"`
	Rank      int     `json:"rank"` // 1 is the most influential
	PageRank  float64 `json:"pagerank"`
	Followers int     `json:"followers"`
	// Reach is the node's followers plus those of the accounts that
	// shared or quoted it.
	Reach     int `json:"reach"`
	Degree    int `json:"degree"`
	Community int `json:"community"`
	// Brokerage is the number of other communities the node's weak ties
	// reach: a broker or bridge between circles when positive.
	Brokerage int `json:"brokerage"`
}

// EgoNode is a node of an ego network.
type EgoNode struct {
	ID        string  `json:"id"`
	Center    bool    `json:"center,omitempty"`
	Community int     `json:"community"`
	PageRank  float64 `json:"pagerank"`
}

// EgoEdge is a tie of an ego network.
type EgoEdge struct {
	Source       string   `json:"source"`
	Target       string   `json:"target"`
	Strength     float64  `json:"strength"`
	Class        TieClass `json:"class"`
	Interactions int      `json:"interactions"`
}

// Ego is a node with its neighbours and the ties among them, for drawing.
type Ego struct {
	Center string    `json:"center"`
	Nodes  []EgoNode `json:"nodes"`
	Edges  []EgoEdge `json:"edges"`
}

// GraphService answers questions about the relationship graph.
type GraphService interface {
	// Ties returns the ties of the nodes keys, strongest first, at most
	// limit per key. Keys not in the graph have no ties.
	Ties(ctx context.Context, keys []string, limit int) ([]Tie, error)
	// Communities returns the communities, largest first, at most limit.
	Communities(ctx context.Context, limit int) (*CommunityReport, error)
	// Influencers returns the most influential nodes, restricted to those
	// that interacted about brand when brand is not "".
	Influencers(ctx context.Context, brand string, limit int) ([]Influencer, error)
	// Ego returns key's ego network with at most limit neighbours.
	// Returns ErrNotFound if key is not in the graph.
	Ego(ctx context.Context, key string, limit int) (*Ego, error)
}
