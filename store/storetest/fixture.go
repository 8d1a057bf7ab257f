package storetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// mention returns a fully populated scored mention of brand with label.
func mention(id, brand, label string, created time.Time) *socialcrm.Mention {
	m := &socialcrm.Mention{
		V:      socialcrm.SchemaVersion,
		ID:     "mastodon:" + id,
		Source: "mastodon",
		Brand:  brand,
		Rule:   brand + "-rule",
		Author: socialcrm.Author{
			ID: "u" + id, Handle: "User" + id + "@example.social", Name: "User " + id, Followers: 120,
		},
		Text:      "text of " + id + " about @" + brand,
		Lang:      "en",
		Kind:      socialcrm.KindReply,
		ParentID:  "mastodon:p" + id,
		Target:    brand + "@example.social",
		Place:     "Lyon",
		URL:       "https://example.social/@user/" + id,
		CreatedAt: created,
		Extra:     socialcrm.RawFields{"lang_conf": json.RawMessage(`0.9`), "tags": json.RawMessage(`["a","b"]`)},
		Intent:    socialcrm.IntentComplaint,
		Entities:  []socialcrm.Entity{{Text: "Acme", Type: "ORG"}, {Text: "Lyon", Type: "GPE"}},
		Topics:    []string{"delivery", "price"},
		Contacts:  []string{"c-" + id},
	}
	if label != "" {
		m.Sentiment = &socialcrm.Sentiment{
			Label: label, Score: -0.25, Confidence: 0.75, Model: "vader",
			Explain: []socialcrm.TokenWeight{{Token: "late", Weight: -0.5}, {Token: "love", Weight: 0.25}},
		}
	}
	return m
}

// tombstoneOf returns what the store keeps of m once it is deleted.
func tombstoneOf(m *socialcrm.Mention) *socialcrm.Mention {
	c := clone(m)
	c.Deleted = true
	c.Author = socialcrm.Author{}
	c.Text, c.URL, c.Target, c.Place = "", "", "", ""
	c.Entities, c.Extra = nil, nil
	return c
}

// clone returns a deep copy of m through JSON.
func clone(m *socialcrm.Mention) *socialcrm.Mention {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("storetest: clone mention: %v", err))
	}
	c := new(socialcrm.Mention)
	if err := json.Unmarshal(b, c); err != nil {
		panic(fmt.Sprintf("storetest: clone mention: %v", err))
	}
	return c
}

// ids returns the IDs of ms in order.
func ids(ms []*socialcrm.Mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// contact returns a contact with one identity on each of two networks.
func contact(id, name, account string) *socialcrm.Contact {
	return &socialcrm.Contact{
		ID:        id,
		Name:      name,
		Email:     id + "@example.com",
		Phone:     "+33 1 23 45 67 89",
		Title:     "Buyer",
		AccountID: account,
		Identities: []socialcrm.Identity{
			{Network: "mastodon", Handle: id + "@example.social", NativeID: "m-" + id},
			{Network: "bluesky", Handle: id + ".bsky.social"},
		},
		Tags:      []string{"vip", "newsletter"},
		CreatedAt: t0,
		UpdatedAt: at(time.Hour),
	}
}

// alert returns a firing spike alert of brand that started at start.
func alert(id, brand string, start time.Time) *socialcrm.Alert {
	return &socialcrm.Alert{
		V: socialcrm.SchemaVersion, ID: id, Fingerprint: brand + "/delivery-" + id,
		Brand: brand, Topic: "delivery", Reason: "spike",
		Start: start, End: start.Add(5 * time.Minute), Window: "5m0s",
		Observed: 42, Expected: 6.5, NegShare: 0.8, Reach: 12000,
		Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring,
		Mentions: []string{"mastodon:1", "mastodon:2"}, Authors: []string{"mastodon:alice"},
		Themes: []string{"late", "refund"}, Contacts: []string{"c-1"},
		Deliveries: []socialcrm.Delivery{{Notifier: "slack", At: start.Add(time.Minute), OK: false, Error: "HTTP 500"}},
		CreatedAt:  start, UpdatedAt: start.Add(time.Minute),
	}
}
