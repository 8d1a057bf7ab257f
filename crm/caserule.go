package crm

import (
	"strings"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// caseKind returns the kind of case a scored mention asks for, or "" when
// it asks for none: a question, or a complaint (a complaint or churn
// intent, or negative talk with no other intent). Shares, likes, follows
// and tombstones ask for nothing.
func caseKind(m *socialcrm.Mention) string {
	if m == nil || m.Deleted || m.Brand == "" || m.Source == "" {
		return ""
	}
	switch m.Kind {
	case socialcrm.KindShare, socialcrm.KindLike, socialcrm.KindFollow, socialcrm.KindPin, socialcrm.KindCheckin:
		return ""
	}
	negative := m.Sentiment != nil && m.Sentiment.Label == socialcrm.Negative
	switch m.Intent {
	case socialcrm.IntentQuestion:
		return socialcrm.CaseQuestion
	case socialcrm.IntentComplaint, socialcrm.IntentChurn:
		return socialcrm.CaseComplaint
	case "", socialcrm.IntentOther:
		if negative {
			return socialcrm.CaseComplaint
		}
	}
	return ""
}

// addressed reports whether m speaks to its brand: it replies to or
// quotes one of the brand's accounts, or names it with an @.
func (c *Cases) addressed(m *socialcrm.Mention) bool {
	if m.Target != "" && c.brandOf(socialcrm.NodeKey(m.Source, m.Target, "")) == m.Brand {
		return true
	}
	text := strings.ToLower(m.Text)
	for _, h := range c.handles[m.Brand] {
		if containsHandle(text, h) {
			return true
		}
	}
	return containsHandle(text, strings.ToLower(m.Brand))
}

// brandOf returns the brand whose account has the graph node key k, or "".
// Without configured accounts, the account named like the brand is its.
func (c *Cases) brandOf(k string) string {
	if b, ok := c.conf.BrandAccounts[k]; ok {
		return b
	}
	_, h, _ := strings.Cut(k, ":")
	return h
}

// containsHandle reports whether text holds "@handle" not followed by a
// letter or digit (so "@acme" does not match "@acmefans").
func containsHandle(text, handle string) bool {
	at := "@" + handle
	for i := 0; ; {
		j := strings.Index(text[i:], at)
		if j < 0 {
			return false
		}
		end := i + j + len(at)
		if end == len(text) || !isWordByte(text[end]) {
			return true
		}
		i = end
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b >= utf8.RuneSelf
}

// caseParty names who a case is with: the mention's first contact, else
// its author.
func caseParty(m *socialcrm.Mention) (contactID, party string) {
	if len(m.Contacts) > 0 && m.Contacts[0] != "" {
		return m.Contacts[0], "contact:" + m.Contacts[0]
	}
	return "", "author:" + m.AuthorKey()
}

// subject shortens a mention's text to a case subject.
func subject(text string) string {
	const max = 140
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	r := []rune(text)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}
