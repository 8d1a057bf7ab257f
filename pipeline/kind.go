package pipeline

import (
	"strings"

	"github.com/socialcrm/socialcrm"
)

// classifyKind sets the interaction kind of a mention that came without
// one. Decoding fills a missing kind with "post", so a post is looked at
// again: a check-in place, a retweet prefix, or a parent post tell more.
func classifyKind(m *socialcrm.Mention) {
	if m.Kind != socialcrm.KindPost {
		return
	}
	switch {
	case m.Place != "":
		m.Kind = socialcrm.KindCheckin
	case strings.HasPrefix(m.Text, "RT @"):
		m.Kind = socialcrm.KindShare
		if m.Target == "" {
			m.Target, _ = leadingHandle(m.Text[3:])
		}
	case m.ParentID != "":
		m.Kind = socialcrm.KindReply
		if m.Target == "" {
			m.Target, _ = leadingHandle(m.Text)
		}
	}
}

// leadingHandle returns the handle that text starts with ("@bob: hi" →
// "bob"), if any.
func leadingHandle(text string) (string, bool) {
	if !strings.HasPrefix(text, "@") {
		return "", false
	}
	h, n := scanHandle(text, 1)
	return h, n > 1
}
