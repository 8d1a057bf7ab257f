package bluesky

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Collections of the Bluesky lexicon the collector understands.
const (
	CollPost   = "app.bsky.feed.post"
	CollLike   = "app.bsky.feed.like"
	CollRepost = "app.bsky.feed.repost"
	CollFollow = "app.bsky.graph.follow"
)

// Event is one Jetstream message.
type Event struct {
	DID      string `json:"did"`
	TimeUS   int64  `json:"time_us"`
	Kind     string `json:"kind"` // commit, identity, account
	Commit   *Commit
	Identity *struct {
		DID    string `json:"did"`
		Handle string `json:"handle"`
	} `json:"identity"`
}

// key names the event for duplicate detection: the record and the
// revision for commits, the account and the time for the rest.
func (ev *Event) key() string {
	if cm := ev.Commit; ev.Kind == "commit" && cm != nil {
		return ev.DID + "/" + cm.Collection + "/" + cm.RKey + "#" + cm.Operation + "@" + cm.Rev + ":" + cm.CID
	}
	return ev.DID + "#" + ev.Kind + "@" + strconv.FormatInt(ev.TimeUS, 10)
}

// Commit is a repository change: a record created, updated or deleted.
type Commit struct {
	Rev        string          `json:"rev"`
	Operation  string          `json:"operation"` // create, update, delete
	Collection string          `json:"collection"`
	RKey       string          `json:"rkey"`
	Record     json.RawMessage `json:"record"`
	CID        string          `json:"cid"`
}

// StrongRef points at a record.
type StrongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// Record holds the fields of the post, like, repost and follow records the
// collector reads.
type Record struct {
	Type      string    `json:"$type"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"createdAt"`
	Langs     []string  `json:"langs"`
	Reply     *struct {
		Root   StrongRef `json:"root"`
		Parent StrongRef `json:"parent"`
	} `json:"reply"`
	Embed *struct {
		Type   string          `json:"$type"`
		Record json.RawMessage `json:"record"`
	} `json:"embed"`
	Facets []struct {
		Features []struct {
			Type string `json:"$type"`
			DID  string `json:"did"`
		} `json:"features"`
	} `json:"facets"`
	// Subject is a StrongRef for likes and reposts, a DID for follows.
	Subject json.RawMessage `json:"subject"`
}

// quoted returns the URI of the record a quote-post embeds
// (app.bsky.embed.record, or app.bsky.embed.recordWithMedia).
func (r *Record) quoted() string {
	if r.Embed == nil {
		return ""
	}
	switch r.Embed.Type {
	case "app.bsky.embed.record":
		var ref StrongRef
		if json.Unmarshal(r.Embed.Record, &ref) == nil {
			return ref.URI
		}
	case "app.bsky.embed.recordWithMedia":
		var wrap struct{ Record StrongRef }
		if json.Unmarshal(r.Embed.Record, &wrap) == nil {
			return wrap.Record.URI
		}
	}
	return ""
}

// mentioned returns the first DID the post's facets mention.
func (r *Record) mentioned() string {
	for _, f := range r.Facets {
		for _, x := range f.Features {
			if x.Type == "app.bsky.richtext.facet#mention" && x.DID != "" {
				return x.DID
			}
		}
	}
	return ""
}

// subject returns the URI (likes, reposts) or DID (follows) acted on.
func (r *Record) subject() string {
	var ref StrongRef
	if json.Unmarshal(r.Subject, &ref) == nil && ref.URI != "" {
		return ref.URI
	}
	var did string
	if json.Unmarshal(r.Subject, &did) == nil {
		return did
	}
	return ""
}

// uriDID returns the repository DID of an at:// URI, or s itself when it
// is a DID.
func uriDID(s string) string {
	s = strings.TrimPrefix(s, "at://")
	did, _, _ := strings.Cut(s, "/")
	return did
}

func atURI(did, coll, rkey string) string { return "at://" + did + "/" + coll + "/" + rkey }
