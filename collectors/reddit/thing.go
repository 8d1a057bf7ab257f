package reddit

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Listing is a Reddit listing response.
type Listing struct {
	Kind string `json:"kind"`
	Data struct {
		After    string  `json:"after"`
		Before   string  `json:"before"`
		Children []Thing `json:"children"`
	} `json:"data"`
}

// Thing is one listing child: t3 (link/post) or t1 (comment).
type Thing struct {
	Kind string    `json:"kind"`
	Data ThingData `json:"data"`
}

// ThingData holds the fields of links and comments the collector reads.
type ThingData struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"` // fullname, such as t3_abc
	Author          string  `json:"author"`
	AuthorFullname  string  `json:"author_fullname"`
	CreatedUTC      float64 `json:"created_utc"`
	Subreddit       string  `json:"subreddit"`
	Permalink       string  `json:"permalink"`
	Title           string  `json:"title"`
	Selftext        string  `json:"selftext"`
	URL             string  `json:"url"`
	Body            string  `json:"body"`
	ParentID        string  `json:"parent_id"`
	LinkID          string  `json:"link_id"`
	LinkAuthor      string  `json:"link_author"`
	CrosspostParent string  `json:"crosspost_parent"`
	Score           int     `json:"score"`
}

func (d *ThingData) created() time.Time {
	sec := int64(d.CreatedUTC)
	return time.Unix(sec, int64((d.CreatedUTC-float64(sec))*1e9)).UTC()
}

// deleted reports whether the author removed the thing or a moderator did.
func (d *ThingData) deleted() bool {
	t := d.Body
	if strings.HasPrefix(d.Name, "t3_") {
		t = d.Selftext
	}
	return d.Author == "[deleted]" && (t == "[deleted]" || t == "[removed]" || t == "")
}

// mention maps a t3 or t1 thing.
func mention(th *Thing) *socialcrm.Mention {
	d := &th.Data
	m := &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "reddit:" + d.Name, Source: Source,
		Author:    socialcrm.Author{ID: d.AuthorFullname, Handle: d.Author},
		CreatedAt: d.created()}
	if d.Permalink != "" {
		m.URL = "https://www.reddit.com" + d.Permalink
	}
	if d.deleted() {
		m.Deleted, m.Author = true, socialcrm.Author{ID: "[deleted]"}
		return m
	}
	switch th.Kind {
	case "t3":
		m.Kind, m.Text = socialcrm.KindPost, strings.TrimSpace(d.Title+"\n"+d.Selftext)
		if d.CrosspostParent != "" {
			m.Kind, m.ParentID = socialcrm.KindShare, "reddit:"+d.CrosspostParent
		}
	case "t1":
		m.Text, m.ParentID = d.Body, "reddit:"+d.ParentID
		m.Kind = socialcrm.KindReply
		if strings.HasPrefix(d.ParentID, "t3_") {
			m.Kind, m.Target = socialcrm.KindComment, d.LinkAuthor
		}
	}
	sub, _ := json.Marshal(d.Subreddit)
	m.Extra = socialcrm.RawFields{"subreddit": sub}
	return m
}
