package socialcrm

import "time"

// Interaction is one directed edge of the relationship graph: From did
// Kind to To (replied to, shared, liked, followed, mentioned…). From and To
// are node keys, see NodeKey.
type Interaction struct {
	V         int             `json:"v"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Kind      InteractionKind `json:"kind"`
	At        time.Time       `json:"at"`
	MentionID string          `json:"mention_id,omitempty"`
	Source    string          `json:"source,omitempty"`
	Brand     string          `json:"brand,omitempty"`
	// Followers of From when known, for reach.
	Followers int `json:"followers,omitempty"`
}
