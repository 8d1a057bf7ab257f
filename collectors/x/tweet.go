package x

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// User is an expanded user object.
type User struct {
	ID            string `json:"id"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	PublicMetrics struct {
		FollowersCount int `json:"followers_count"`
	} `json:"public_metrics"`
}

// Tweet is the part of a v2 Post object the collector reads.
type Tweet struct {
	ID               string `json:"id"`
	Text             string `json:"text"`
	AuthorID         string `json:"author_id"`
	CreatedAt        string `json:"created_at"` // RFC 3339; the docs' examples use Ruby's date format
	Lang             string `json:"lang"`
	ConversationID   string `json:"conversation_id"`
	InReplyToUserID  string `json:"in_reply_to_user_id"`
	ReferencedTweets []struct {
		Type string `json:"type"` // retweeted, quoted, replied_to
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
	Geo *struct {
		PlaceID string `json:"place_id"`
	} `json:"geo"`
	Entities struct {
		Mentions []struct {
			Username string `json:"username"`
		} `json:"mentions"`
	} `json:"entities"`
}

// Message is one line of the filtered stream.
type Message struct {
	Data     *Tweet `json:"data"`
	Includes struct {
		Users  []User  `json:"users"`
		Tweets []Tweet `json:"tweets"`
		Places []struct {
			ID       string `json:"id"`
			FullName string `json:"full_name"`
		} `json:"places"`
	} `json:"includes"`
	// MatchingRules' ids arrive as JSON numbers in real stream output
	// (strings in the rules endpoint), and a rule without a tag has null.
	MatchingRules []struct {
		ID  collectors.FlexID `json:"id"`
		Tag string            `json:"tag"`
	} `json:"matching_rules"`
	Errors []struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Type   string `json:"type"`
	} `json:"errors"`
}

// UnknownAuthor is the author id of a post whose message names none (a
// stream opened without the author_id field): kept, as its text and rule
// still tell, under one id that marks it.
const UnknownAuthor = "[unknown]"

// created returns the post's creation time: created_at when it parses,
// else the time in its snowflake id (a message without tweet.fields has
// no created_at).
func (t *Tweet) created() time.Time {
	for _, layout := range []string{time.RFC3339Nano, time.RubyDate} {
		if at, err := time.Parse(layout, t.CreatedAt); err == nil {
			return at.UTC()
		}
	}
	return snowflakeTime(t.ID)
}

// snowflakeTime is the creation time a post id carries: milliseconds
// since the X epoch in its bits above the 22nd; zero for an id that is
// not a snowflake.
func snowflakeTime(id string) time.Time {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n>>22 == 0 {
		return time.Time{}
	}
	const epochMS = 1288834974657
	return time.UnixMilli(int64(n>>22) + epochMS).UTC()
}

func (msg *Message) user(id string) User {
	for _, u := range msg.Includes.Users {
		if u.ID == id {
			return u
		}
	}
	return User{ID: id}
}

func (msg *Message) tweet(id string) *Tweet {
	for i := range msg.Includes.Tweets {
		if msg.Includes.Tweets[i].ID == id {
			return &msg.Includes.Tweets[i]
		}
	}
	return nil
}

// mention maps a stream message: referenced tweets give share, quote and
// reply, a place gives a check-in, a mention a mention; the first
// managed matching rule gives brand and rule.
func (msg *Message) mention() *socialcrm.Mention {
	t := msg.Data
	u := msg.user(t.AuthorID)
	m := &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "x:" + t.ID, Source: Source,
		Author: socialcrm.Author{ID: t.AuthorID, Handle: u.Username, Name: u.Name, Followers: u.PublicMetrics.FollowersCount},
		Text:   t.Text, Lang: t.Lang, Kind: socialcrm.KindPost, CreatedAt: t.created()}
	if m.Author.ID == "" {
		m.Author.ID = UnknownAuthor
	}
	if m.Lang == "und" || m.Lang == "zxx" || m.Lang == "qme" || m.Lang == "qht" {
		m.Lang = ""
	}
	if u.Username != "" {
		m.URL = "https://x.com/" + u.Username + "/status/" + t.ID
	}
	for _, ref := range t.ReferencedTweets {
		target := ""
		if rt := msg.tweet(ref.ID); rt != nil {
			target = msg.user(rt.AuthorID).Username
		}
		switch ref.Type {
		case "retweeted":
			m.Kind = socialcrm.KindShare
		case "quoted":
			m.Kind = socialcrm.KindQuote
		case "replied_to":
			m.Kind = socialcrm.KindReply
			if target == "" && t.InReplyToUserID != "" {
				target = msg.user(t.InReplyToUserID).Username
			}
		default:
			continue
		}
		m.ParentID, m.Target = "x:"+ref.ID, target
		break
	}
	if m.Kind == socialcrm.KindPost {
		switch {
		case t.Geo != nil && t.Geo.PlaceID != "":
			m.Kind, m.Place = socialcrm.KindCheckin, t.Geo.PlaceID
			for _, p := range msg.Includes.Places {
				if p.ID == t.Geo.PlaceID {
					m.Place = p.FullName
				}
			}
		case len(t.Entities.Mentions) > 0:
			m.Kind, m.Target = socialcrm.KindMention, t.Entities.Mentions[0].Username
		}
	}
	for _, r := range msg.MatchingRules {
		if brand, rule, ok := brandRule(r.Tag); ok {
			m.Brand, m.Rule = brand, rule
			break
		}
	}
	if len(msg.MatchingRules) > 0 {
		b, _ := json.Marshal(msg.MatchingRules)
		m.Extra = socialcrm.RawFields{"matching_rules": b}
	}
	return m
}
