package mastodon

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// Account is the part of a Mastodon Account entity the collector reads.
type Account struct {
	ID             string `json:"id"`
	Username       string `json:"username"`
	Acct           string `json:"acct"` // "user" on the home server, else "user@domain"
	DisplayName    string `json:"display_name"`
	FollowersCount int    `json:"followers_count"`
	URL            string `json:"url"`
}

// Status is the part of a Mastodon Status entity the collector reads.
type Status struct {
	ID                 string     `json:"id"`
	CreatedAt          time.Time  `json:"created_at"`
	EditedAt           *time.Time `json:"edited_at"`
	InReplyToID        string     `json:"in_reply_to_id"`
	InReplyToAccountID string     `json:"in_reply_to_account_id"`
	Language           string     `json:"language"`
	URI                string     `json:"uri"`
	URL                string     `json:"url"`
	Content            string     `json:"content"`
	SpoilerText        string     `json:"spoiler_text"`
	Visibility         string     `json:"visibility"`
	Account            Account    `json:"account"`
	Reblog             *Status    `json:"reblog"`
	Mentions           []struct {
		ID   string `json:"id"`
		Acct string `json:"acct"`
	} `json:"mentions"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	Quote *struct {
		State        string  `json:"state"`
		QuotedStatus *Status `json:"quoted_status"`
	} `json:"quote"`
	Pinned bool `json:"pinned"`
}

// Notification is a Mastodon Notification entity.
type Notification struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Account   Account   `json:"account"`
	Status    *Status   `json:"status"`
}

// handle returns the account's full user@domain handle.
func (c *Collector) handle(a Account) string {
	if a.Acct == "" || strings.Contains(a.Acct, "@") {
		return a.Acct
	}
	return a.Acct + "@" + c.host
}

func (c *Collector) author(a Account) socialcrm.Author {
	return socialcrm.Author{ID: a.ID, Handle: c.handle(a), Name: a.DisplayName, Followers: a.FollowersCount}
}

func id(native string) string { return "mastodon:" + native }

// statusMention maps a status to a mention: a reblog is a share, a reply a
// reply, a quote a quote, a post that names accounts a mention.
func (c *Collector) statusMention(s *Status) *socialcrm.Mention {
	m := &socialcrm.Mention{
		V: socialcrm.SchemaVersion, ID: id(s.ID), Source: Source, Author: c.author(s.Account),
		Text: text(s), Lang: s.Language, Kind: socialcrm.KindPost, URL: s.URL, CreatedAt: s.CreatedAt,
	}
	if m.URL == "" {
		m.URL = s.URI
	}
	switch {
	case s.Reblog != nil:
		m.Kind, m.ParentID, m.Target = socialcrm.KindShare, id(s.Reblog.ID), c.handle(s.Reblog.Account)
		m.Text, m.Lang = text(s.Reblog), s.Reblog.Language
	case s.InReplyToID != "":
		m.Kind, m.ParentID = socialcrm.KindReply, id(s.InReplyToID)
		for _, x := range s.Mentions {
			if x.ID == s.InReplyToAccountID {
				m.Target = c.handle(Account{Acct: x.Acct})
			}
		}
	case s.Quote != nil && s.Quote.QuotedStatus != nil:
		q := s.Quote.QuotedStatus
		m.Kind, m.ParentID, m.Target = socialcrm.KindQuote, id(q.ID), c.handle(q.Account)
	case len(s.Mentions) > 0:
		m.Kind, m.Target = socialcrm.KindMention, c.handle(Account{Acct: s.Mentions[0].Acct})
	}
	if s.EditedAt != nil {
		setExtra(m, "edited_at", s.EditedAt.UTC().Format(time.RFC3339Nano))
	}
	return m
}

// text is the status's plain text, with its content warning first.
func text(s *Status) string {
	t := collectors.HTMLText(s.Content)
	if s.SpoilerText != "" {
		t = s.SpoilerText + "\n" + t
	}
	return t
}

func setExtra(m *socialcrm.Mention, k, v string) {
	if m.Extra == nil {
		m.Extra = socialcrm.RawFields{}
	}
	b, _ := json.Marshal(v)
	m.Extra[k] = b
}

// notificationMention maps a notification on the brand's account. It
// returns nil for types that are not interactions (polls, admin reports).
func (c *Collector) notificationMention(n *Notification) *socialcrm.Mention {
	var m *socialcrm.Mention
	switch n.Type {
	case "mention", "status", "update", "quote":
		if n.Status == nil {
			return nil
		}
		m = c.statusMention(n.Status)
	case "favourite", "reblog":
		if n.Status == nil {
			return nil
		}
		kind, prefix := socialcrm.KindLike, "favourite:"
		if n.Type == "reblog" {
			kind, prefix = socialcrm.KindShare, "reblog:"
		}
		m = &socialcrm.Mention{ID: id(prefix + n.Account.ID + ":" + n.Status.ID), Kind: kind,
			ParentID: id(n.Status.ID), Target: c.handle(n.Status.Account), Text: text(n.Status), Lang: n.Status.Language}
	case "follow":
		m = &socialcrm.Mention{ID: id("follow:" + n.Account.ID + ":" + c.cfg.Account),
			Kind: socialcrm.KindFollow, Target: c.cfg.Account}
	default:
		return nil
	}
	if m.V == 0 { // likes, shares and follows have no URL of their own
		m.V, m.Source, m.Author, m.CreatedAt = socialcrm.SchemaVersion, Source, c.author(n.Account), n.CreatedAt
	}
	m.Brand = c.cfg.Brand
	setExtra(m, "notification_id", n.ID)
	return m
}

// tombstone is the mention a delete event leaves.
func tombstone(native string, at time.Time) *socialcrm.Mention {
	return &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: id(native), Source: Source, Deleted: true,
		Author: socialcrm.Author{ID: DeletedAuthor}, CreatedAt: at.UTC()}
}

// DeletedAuthor is the author id of a tombstone, whose author the delete
// event does not name.
const DeletedAuthor = "[deleted]"

// newer reports whether Mastodon id a sorts after b (ids are numeric
// strings of growing length).
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
