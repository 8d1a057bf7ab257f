package pipeline

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
)

func TestInteractions(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	base := socialcrm.Mention{ID: "mastodon:1", Source: "mastodon", Brand: "acme", CreatedAt: at,
		Author: socialcrm.Author{Handle: "Alice@example.social", Followers: 7}}
	edge := func(to string, k socialcrm.InteractionKind) socialcrm.Interaction {
		return socialcrm.Interaction{V: 1, From: "mastodon:alice@example.social", To: to, Kind: k, At: at,
			MentionID: "mastodon:1", Source: "mastodon", Brand: "acme", Followers: 7}
	}
	tests := map[string]struct {
		kind   socialcrm.InteractionKind
		target string
		text   string
		want   []socialcrm.Interaction
	}{
		"Post":          {socialcrm.KindPost, "", "nothing to see", nil},
		"Reply":         {socialcrm.KindReply, "bob", "@bob sure", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindReply)}},
		"ReplyMentions": {socialcrm.KindReply, "bob", "@bob ask @Carol and @dave.", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindReply), edge("mastodon:carol", socialcrm.KindMention), edge("mastodon:dave", socialcrm.KindMention)}},
		"Like":          {socialcrm.KindLike, "@bob", "", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindLike)}},
		"Share":         {socialcrm.KindShare, "bob", "", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindShare)}},
		"Follow":        {socialcrm.KindFollow, "bob", "", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindFollow)}},
		"Quote":         {socialcrm.KindQuote, "bob", "look", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindQuote)}},
		"SelfLike":      {socialcrm.KindLike, "alice@example.social", "", nil},
		"Fediverse":     {socialcrm.KindPost, "", "hi @carol@other.example!", []socialcrm.Interaction{edge("mastodon:carol@other.example", socialcrm.KindMention)}},
		"Email":         {socialcrm.KindPost, "", "write to help@acme.com or @acme", []socialcrm.Interaction{edge("mastodon:acme", socialcrm.KindMention)}},
		"Repeated":      {socialcrm.KindPost, "", "@acme @acme @ACME", []socialcrm.Interaction{edge("mastodon:acme", socialcrm.KindMention)}},
		"LoneAt":        {socialcrm.KindPost, "", "meet @ 5 @", nil},
		"TargetInText":  {socialcrm.KindMention, "", "cc @bob", []socialcrm.Interaction{edge("mastodon:bob", socialcrm.KindMention)}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := base
			m.Kind, m.Target, m.Text = tc.kind, tc.target, tc.text
			got := interactions(nil, &m)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClassifyKind(t *testing.T) {
	tests := map[string]struct {
		in         socialcrm.Mention
		kind       socialcrm.InteractionKind
		wantTarget string
	}{
		"Post":    {socialcrm.Mention{Kind: socialcrm.KindPost, Text: "hello"}, socialcrm.KindPost, ""},
		"Reply":   {socialcrm.Mention{Kind: socialcrm.KindPost, ParentID: "x:1", Text: "@bob: yes"}, socialcrm.KindReply, "bob"},
		"Retweet": {socialcrm.Mention{Kind: socialcrm.KindPost, Text: "RT @bob: great"}, socialcrm.KindShare, "bob"},
		"Checkin": {socialcrm.Mention{Kind: socialcrm.KindPost, Place: "Store 12", Text: "here"}, socialcrm.KindCheckin, ""},
		"Given":   {socialcrm.Mention{Kind: socialcrm.KindQuote, ParentID: "x:1", Text: "RT @bob"}, socialcrm.KindQuote, ""},
		"Target":  {socialcrm.Mention{Kind: socialcrm.KindPost, ParentID: "x:1", Target: "carol", Text: "@bob hi"}, socialcrm.KindReply, "carol"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := tc.in
			classifyKind(&m)
			if m.Kind != tc.kind || m.Target != tc.wantTarget {
				t.Errorf("kind %s target %q, want %s %q", m.Kind, m.Target, tc.kind, tc.wantTarget)
			}
		})
	}
}
