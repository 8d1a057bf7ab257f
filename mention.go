package socialcrm

import (
	"context"
	"strings"
	"time"
)

// InteractionKind says what a post or event does: posts something new,
// replies to, quotes or shares another post, likes it, follows someone…
type InteractionKind string

// Interaction kinds.
const (
	KindPost    InteractionKind = "post"
	KindReply   InteractionKind = "reply"
	KindQuote   InteractionKind = "quote"
	KindShare   InteractionKind = "share" // retweet, reblog, repost
	KindLike    InteractionKind = "like"  // favourite
	KindMention InteractionKind = "mention"
	KindFollow  InteractionKind = "follow"
	KindCheckin InteractionKind = "checkin"
	KindPin     InteractionKind = "pin"
	KindComment InteractionKind = "comment"
)

// Kinds lists every interaction kind.
var Kinds = []InteractionKind{KindPost, KindReply, KindQuote, KindShare, KindLike,
	KindMention, KindFollow, KindCheckin, KindPin, KindComment}

// ValidKind reports whether k is a known interaction kind.
func ValidKind(k InteractionKind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Author is the person or account that wrote a mention.
type Author struct {
	ID        string `json:"id,omitempty"`
	Handle    string `json:"handle,omitempty"`
	Name      string `json:"name,omitempty"`
	Followers int    `json:"followers,omitempty"`
}

// Entity is a named thing found in a text.
type Entity struct {
	Text string `json:"text"`
	Type string `json:"type"` // ORG, PRODUCT, PERSON, GPE…
}

// Intents of a mention's text.
const (
	IntentQuestion  = "question"
	IntentComplaint = "complaint"
	IntentPraise    = "praise"
	IntentPurchase  = "purchase"
	IntentChurn     = "churn"
	IntentOther     = "other"
)

// Mention is one post, comment or event about a brand. ID is
// "<source>:<native id>" and stays the same when the post is collected again.
type Mention struct {
	V        int             `json:"v"`
	ID       string          `json:"id"`
	Source   string          `json:"source"`
	Brand    string          `json:"brand,omitempty"`
	Rule     string          `json:"rule,omitempty"` // tracking rule that matched
	Author   Author          `json:"author"`
	Text     string          `json:"text"`
	Lang     string          `json:"lang,omitempty"`
	Kind     InteractionKind `json:"kind,omitempty"`
	ParentID string          `json:"parent_id,omitempty"`
	// Target is the handle (or id) of the author a reply, quote, share,
	// like or follow is aimed at, when the source tells.
	Target    string    `json:"target,omitempty"`
	Place     string    `json:"place,omitempty"` // place tag of a check-in
	URL       string    `json:"url,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Deleted   bool      `json:"deleted,omitempty"` // tombstone: the author deleted it
	Extra     RawFields `json:"extra,omitempty"`   // fields this version does not know

	// Set by the pipeline.
	Sentiment *Sentiment `json:"sentiment,omitempty"`
	Intent    string     `json:"intent,omitempty"`
	Entities  []Entity   `json:"entities,omitempty"`
	Topics    []string   `json:"topics,omitempty"`
	Contacts  []string   `json:"contacts,omitempty"`
}

// AuthorKey is the graph node name of the mention's author:
// "<source>:<handle>" (lower case), or "<source>:<id>" without a handle.
func (m *Mention) AuthorKey() string { return NodeKey(m.Source, m.Author.Handle, m.Author.ID) }

// NodeKey names a person on a network for the relationship graph.
func NodeKey(source, handle, id string) string {
	h := strings.ToLower(strings.TrimPrefix(handle, "@"))
	if h == "" {
		h = id
	}
	return source + ":" + h
}

// MentionFilter selects mentions. Nil fields do not filter.
type MentionFilter struct {
	Brand     *string
	Sentiment *string
	Source    *string
	ContactID *string
	// AccountID selects the mentions linked to any contact of the account.
	AccountID *string
	// Segment selects the mentions linked to any member of the segment
	// (its members as evaluated now); ErrNotFound for an unknown segment.
	Segment *string
	Author  *string // author key, see Mention.AuthorKey
	Topic   *string // one of the mention's Topics
	Rule    *string // the tracking rule that matched
	Since   *time.Time
	Until   *time.Time
	Offset  int
	Limit   int // 0 means the store's default (50)
}

// SummaryFilter selects the mentions counted by a sentiment summary.
type SummaryFilter struct {
	Brand     *string
	ContactID *string // mentions linked to this contact
	Since     *time.Time
	Until     *time.Time
	Window    time.Duration // bucket width; 0 means one hour
}

// SummaryBucket counts mentions per label in one time bucket.
type SummaryBucket struct {
	Start    time.Time `json:"start"`
	Positive int       `json:"positive"`
	Neutral  int       `json:"neutral"`
	Negative int       `json:"negative"`
}

// Total is the number of mentions in the bucket.
func (b SummaryBucket) Total() int { return b.Positive + b.Neutral + b.Negative }

// SeriesFilter selects what CountSeries counts: mentions with
// Since <= CreatedAt < Until, in buckets of Window from the Unix epoch.
type SeriesFilter struct {
	Since, Until time.Time
	Window       time.Duration // at least one second
	// Contacts, when not empty, counts only the mentions linked to any
	// of these contacts (a segment's members).
	Contacts []string
}

// SeriesCount counts the scored mentions of one alert series in one
// bucket: a brand's (Topic and Rule empty), a brand's topic (Topic set)
// or a brand's tracking rule (Rule set).
type SeriesCount struct {
	Brand, Topic, Rule string
	Start              time.Time
	Total, Negative    int
}

// MentionStore keeps scored mentions.
type MentionStore interface {
	// SaveMentions upserts mentions by ID. Saving the same mention twice
	// leaves one copy; a later save replaces the earlier one, except that
	// a sentiment corrected by hand is kept.
	SaveMentions(ctx context.Context, ms ...*Mention) error
	// FindMentionByID returns ErrNotFound if no mention has that ID.
	FindMentionByID(ctx context.Context, id string) (*Mention, error)
	// FindMentions returns the matching mentions, newest first, and the
	// total number that match regardless of Offset and Limit.
	FindMentions(ctx context.Context, f MentionFilter) ([]*Mention, int, error)
	// SentimentSummary counts mentions per label per time bucket, oldest
	// bucket first. Empty buckets are left out.
	SentimentSummary(ctx context.Context, f SummaryFilter) ([]SummaryBucket, error)
	// CountSeries counts the live scored mentions that have a brand per
	// bucket, per brand, per brand and topic and per brand and rule,
	// ordered by brand, topic, rule and start. Empty buckets are left out.
	// Returns ErrInvalid for a Window under one second.
	CountSeries(ctx context.Context, f SeriesFilter) ([]SeriesCount, error)
	// CorrectSentiment sets a mention's label by hand. Returns ErrNotFound
	// if no mention has that ID and ErrInvalid for an unknown label.
	CorrectSentiment(ctx context.Context, id string, s Sentiment) error
	// DeleteMention tombstones a mention: its text and author are erased
	// and it no longer shows in FindMentions. Returns ErrNotFound if no
	// mention has that ID.
	DeleteMention(ctx context.Context, id string) error
	// DeleteMentionsByAuthor removes, for good (GDPR erasure), the live
	// mentions whose author key (see Mention.AuthorKey) is one of keys,
	// and returns how many it removed. A removed mention is gone:
	// FindMentionByID returns ErrNotFound and summaries no longer count
	// it. No keys, or keys nobody wrote with, remove nothing.
	DeleteMentionsByAuthor(ctx context.Context, keys []string) (int, error)
	// UnlinkContact removes the contact id from the Contacts of every
	// mention and returns how many mentions changed. An unknown id
	// changes nothing; it is not an error.
	UnlinkContact(ctx context.Context, id string) (int, error)
}
