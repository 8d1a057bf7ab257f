package crm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// LeadConfig says which mentions make leads.
type LeadConfig struct {
	// OffBrands are the brands whose mentions make no lead.
	OffBrands []string
	// OffSources are the sources whose authors gave no consent to be
	// contacted: their mentions make no lead.
	OffSources []string
}

// ParseLeadsOff reads the --leads-off list: brands, and sources as
// source:NAME, comma-separated ("acme,source:webhook").
func ParseLeadsOff(spec string) (LeadConfig, error) {
	var c LeadConfig
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		switch src, ok := strings.CutPrefix(item, "source:"); {
		case item == "":
		case ok && src == "":
			return c, socialcrm.Invalidf("leads off: %q names no source", item)
		case ok:
			c.OffSources = append(c.OffSources, src)
		default:
			c.OffBrands = append(c.OffBrands, item)
		}
	}
	return c, nil
}

// leadStore is what Leads needs of the store.
type leadStore interface {
	CreateLead(ctx context.Context, l *socialcrm.Lead) error
	UpdateLead(ctx context.Context, id string, change func(*socialcrm.Lead) error) (*socialcrm.Lead, error)
	FindLeads(ctx context.Context, f socialcrm.LeadFilter) ([]*socialcrm.Lead, int, error)
}

// Leads makes leads from scored mentions: a mention with purchase intent,
// or a question about a product, from an author who is no contact creates
// the author's lead, or adds to it.
type Leads struct {
	conf  LeadConfig
	store leadStore
}

// NewLeads returns Leads on store.
func NewLeads(conf LeadConfig, store leadStore) *Leads { return &Leads{conf: conf, store: store} }

// productCues are words of a question about a product or its price.
var productCues = []string{"price", "cost", "how much", "buy", "order", "available", "in stock", "stock", "ship",
	"deliver", "plan", "pricing", "trial", "demo", "discount", "subscription", "upgrade", "model", "version", "size"}

// Wants reports whether m may make a lead.
func (l *Leads) Wants(m *socialcrm.Mention) bool {
	switch {
	case m.Deleted, len(m.Contacts) > 0, m.Author.Handle == "" && m.Author.ID == "",
		slices.Contains(l.conf.OffBrands, m.Brand), slices.Contains(l.conf.OffSources, m.Source):
		return false
	case m.Intent == socialcrm.IntentPurchase:
		return true
	case m.Intent != socialcrm.IntentQuestion:
		return false
	}
	if slices.ContainsFunc(m.Entities, func(e socialcrm.Entity) bool { return strings.EqualFold(e.Type, "PRODUCT") }) {
		return true
	}
	text := strings.ToLower(m.Text)
	return slices.ContainsFunc(productCues, func(c string) bool { return strings.Contains(text, c) })
}

// Observe makes or updates the leads of the mentions that want one. It is
// idempotent: a mention seen again changes nothing. An error is the
// store's, returned for the consumer to retry or dead-letter.
func (l *Leads) Observe(ctx context.Context, ms []*socialcrm.Mention) error {
	for _, m := range ms {
		if !l.Wants(m) {
			continue
		}
		if err := l.observe(ctx, m); err != nil {
			return fmt.Errorf("crm: lead of mention %s: %w", m.ID, err)
		}
	}
	return nil
}

func (l *Leads) observe(ctx context.Context, m *socialcrm.Mention) error {
	ident := authorIdentity(m)
	keys := ident.UniqueKeys()
	if len(keys) == 0 || len(ident.Network) > socialcrm.MaxNetworkLen {
		return nil // no identity a lead can hold
	}
	key := keys[0]
	found, _, err := l.store.FindLeads(ctx, socialcrm.LeadFilter{Identity: &key, Limit: 1})
	if err != nil {
		return err
	}
	id := leadID(key)
	if len(found) > 0 {
		id = found[0].ID
	} else {
		err := l.store.CreateLead(ctx, newMentionLead(id, ident, m))
		if err == nil || !errors.Is(err, socialcrm.ErrConflict) {
			return err
		}
	}
	_, err = l.store.UpdateLead(ctx, id, func(ld *socialcrm.Lead) error {
		if ld.Status == socialcrm.LeadConverted || slices.Contains(ld.Mentions, m.ID) {
			return errUnchanged
		}
		ld.AddMention(m.ID)
		ld.Score = min(socialcrm.MaxLeadScore, max(ld.Score, mentionScore(m))+5)
		if ld.Brand == "" {
			ld.Brand = m.Brand
		}
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// authorIdentity is the identity of m's author on its network.
// An id longer than an identity holds is left out.
func authorIdentity(m *socialcrm.Mention) socialcrm.Identity {
	i := socialcrm.Identity{Network: m.Source, Handle: m.Author.Handle, NativeID: m.Author.ID}
	if utf8.RuneCountInString(i.NativeID) > socialcrm.MaxNativeIDLen {
		i.NativeID = ""
	}
	return i
}

// leadID is the id of the lead made for an identity key, the same at
// every redelivery.
func leadID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "lead-" + hex.EncodeToString(sum[:8])
}

func newMentionLead(id string, ident socialcrm.Identity, m *socialcrm.Mention) *socialcrm.Lead {
	name := strings.TrimSpace(m.Author.Name)
	if name == "" {
		name = strings.TrimPrefix(m.Author.Handle, "@")
	}
	if name == "" {
		name = m.Author.ID
	}
	return &socialcrm.Lead{ID: id, Name: cut(name, socialcrm.MaxNameLen), Identities: []socialcrm.Identity{ident},
		Brand: m.Brand, Source: socialcrm.LeadFromMention, Status: socialcrm.LeadNew, Score: mentionScore(m),
		Mentions: []string{m.ID}}
}

// mentionScore scores the lead a mention makes, 0 to 100: intent (purchase
// 40, question 25), sentiment (±10), and the author's reach (up to 30, by
// the log of followers).
func mentionScore(m *socialcrm.Mention) int {
	score := 25.0
	if m.Intent == socialcrm.IntentPurchase {
		score = 40
	}
	if s := m.Sentiment; s != nil {
		score += 10 * s.Score
	}
	if f := m.Author.Followers; f > 0 {
		score += min(30, 5*math.Log10(float64(f)+1))
	}
	return int(math.Round(min(float64(socialcrm.MaxLeadScore), max(0, score))))
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
