package bluesky

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// mention maps an event. It returns nil for events that are not kept:
// identity and account events (identity events teach handles), and
// interactions aimed at accounts that are not a brand's.
func (c *Collector) mention(ev *Event) (*socialcrm.Mention, error) {
	switch ev.Kind {
	case "identity":
		if ev.Identity != nil && ev.Identity.Handle != "" && len(c.handles) < 100_000 {
			c.handles[ev.DID] = ev.Identity.Handle
		}
		return nil, nil
	case "commit":
	default:
		return nil, nil
	}
	cm := ev.Commit
	if cm == nil || cm.Collection == "" || cm.RKey == "" {
		return nil, fmt.Errorf("bluesky: commit event without collection or rkey")
	}
	uri := atURI(ev.DID, cm.Collection, cm.RKey)
	at := time.UnixMicro(ev.TimeUS).UTC()
	m := &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "bluesky:" + uri, Source: Source,
		Author: socialcrm.Author{ID: ev.DID, Handle: c.handles[ev.DID]}, CreatedAt: at}
	switch cm.Operation {
	case "delete":
		m.Deleted = true
		return m, nil
	case "create", "update":
	default:
		return nil, fmt.Errorf("bluesky: unknown operation %q", cm.Operation)
	}
	if len(cm.Record) == 0 {
		return nil, errNoRecord
	}
	var rec Record
	if err := json.Unmarshal(cm.Record, &rec); err != nil {
		return nil, fmt.Errorf("bluesky: record: %w", err)
	}
	if !rec.CreatedAt.IsZero() {
		m.CreatedAt = rec.CreatedAt.UTC()
	}
	if cm.Operation == "update" {
		b, _ := json.Marshal(at.Format(time.RFC3339Nano))
		m.Extra = socialcrm.RawFields{"edited_at": b}
	}
	switch cm.Collection {
	case CollPost:
		c.post(m, &rec, ev.DID, cm.RKey)
		return m, nil
	case CollLike, CollRepost, CollFollow:
		return c.interaction(m, &rec, cm.Collection), nil
	}
	return nil, nil
}

func (c *Collector) post(m *socialcrm.Mention, rec *Record, did, rkey string) {
	m.Text, m.Kind = rec.Text, socialcrm.KindPost
	m.URL = "https://bsky.app/profile/" + did + "/post/" + rkey
	if len(rec.Langs) > 0 {
		m.Lang = rec.Langs[0]
	}
	if rec.Embed != nil && rec.Embed.Type != "" {
		// a GIF, image or link card: a reply may carry nothing else
		b, _ := json.Marshal(map[string]string{"type": rec.Embed.Type})
		if m.Extra == nil {
			m.Extra = socialcrm.RawFields{}
		}
		m.Extra[socialcrm.ExtraEmbed] = b
	}
	switch q := rec.quoted(); {
	case rec.Reply != nil && rec.Reply.Parent.URI != "":
		m.Kind, m.ParentID = socialcrm.KindReply, "bluesky:"+rec.Reply.Parent.URI
		m.Target = c.name(uriDID(rec.Reply.Parent.URI))
	case q != "":
		m.Kind, m.ParentID, m.Target = socialcrm.KindQuote, "bluesky:"+q, c.name(uriDID(q))
	case rec.mentioned() != "":
		m.Kind, m.Target = socialcrm.KindMention, c.name(rec.mentioned())
	}
	if m.ParentID != "" { // a reply to or quote of a brand account's post
		if b, ok := c.cfg.Accounts[uriDID(strings.TrimPrefix(m.ParentID, "bluesky:"))]; ok {
			m.Brand = b
		}
	}
}

// interaction maps likes, reposts and follows aimed at a brand account.
func (c *Collector) interaction(m *socialcrm.Mention, rec *Record, coll string) *socialcrm.Mention {
	subj := rec.subject()
	brand, ok := c.cfg.Accounts[uriDID(subj)]
	if subj == "" || !ok {
		return nil
	}
	m.Brand, m.Target = brand, c.name(uriDID(subj))
	switch coll {
	case CollLike:
		m.Kind, m.ParentID = socialcrm.KindLike, "bluesky:"+subj
	case CollRepost:
		m.Kind, m.ParentID = socialcrm.KindShare, "bluesky:"+subj
	default:
		m.Kind = socialcrm.KindFollow
	}
	return m
}

// name is the handle of a DID when an identity event taught it, else the DID.
func (c *Collector) name(did string) string {
	if h, ok := c.handles[did]; ok {
		return h
	}
	return did
}
