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

// Conversation is a direct conversation: its participants and its last
// status.
type Conversation struct {
	ID         string    `json:"id"`
	Accounts   []Account `json:"accounts"`
	LastStatus *Status   `json:"last_status"`
}

// GroupedNotifications is a page of the grouped notifications API: the
// groups, and the accounts and statuses they refer to.
type GroupedNotifications struct {
	Accounts []Account `json:"accounts"`
	Statuses []Status  `json:"statuses"`
	Groups   []struct {
		GroupKey string `json:"group_key"`
		Type     string `json:"type"`
		// MostRecent is a JSON number in the documentation's example,
		// the page ids strings.
		MostRecent   collectors.FlexID `json:"most_recent_notification_id"`
		PageMinID    collectors.FlexID `json:"page_min_id"`
		PageMaxID    collectors.FlexID `json:"page_max_id"`
		LatestAt     time.Time         `json:"latest_page_notification_at"`
		SampleIDs    []string          `json:"sample_account_ids"`
		StatusID     string            `json:"status_id"`
		Notification int               `json:"notifications_count"`
	} `json:"notification_groups"`
}

// groupItems expands each group to one item per sample account, as the
// single notifications they stand for (a group counts more, but names only
// its sample accounts).
func (c *Collector) groupItems(res *GroupedNotifications) []item {
	accounts := map[string]Account{}
	for _, a := range res.Accounts {
		accounts[a.ID] = a
	}
	statuses := map[string]*Status{}
	for i := range res.Statuses {
		statuses[res.Statuses[i].ID] = &res.Statuses[i]
	}
	var out []item
	for _, g := range res.Groups {
		top, bottom := g.PageMaxID.String(), g.PageMinID.String()
		if top == "" {
			top, bottom = g.MostRecent.String(), g.MostRecent.String()
		}
		for _, id := range g.SampleIDs {
			n := Notification{ID: g.MostRecent.String(), Type: g.Type, CreatedAt: g.LatestAt,
				Account: accounts[id], Status: statuses[g.StatusID]}
			if n.Account.ID == "" {
				n.Account.ID = id
			}
			out = append(out, item{c.notificationMention(&n), "g:" + g.GroupKey + ":" + id, top, bottom, g.LatestAt})
		}
	}
	return out
}

// conversationMention maps a conversation's last status: a direct message
// to the brand's account.
func (c *Collector) conversationMention(cv *Conversation) *socialcrm.Mention {
	m := c.statusMention(cv.LastStatus)
	m.Brand = c.cfg.Brand
	setExtra(m, "conversation_id", cv.ID)
	return m
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
