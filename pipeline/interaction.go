package pipeline

import (
	"strings"

	"github.com/socialcrm/socialcrm"
)

// targeted are the kinds whose Target is the other end of an edge.
func targeted(k socialcrm.InteractionKind) bool {
	switch k {
	case socialcrm.KindReply, socialcrm.KindQuote, socialcrm.KindShare, socialcrm.KindLike, socialcrm.KindFollow:
		return true
	}
	return false
}

// interactions appends the graph edges of m to out: one to the Target of
// a reply, quote, share, like or follow, and one of kind mention to every
// other @handle in the text. Self-edges are left out.
func interactions(out []socialcrm.Interaction, m *socialcrm.Mention) []socialcrm.Interaction {
	from := m.AuthorKey()
	edge := func(to string, k socialcrm.InteractionKind) socialcrm.Interaction {
		return socialcrm.Interaction{V: socialcrm.SchemaVersion, From: from, To: to, Kind: k, At: m.CreatedAt,
			MentionID: m.ID, Source: m.Source, Brand: m.Brand, Followers: m.Author.Followers}
	}
	var target string
	if targeted(m.Kind) && m.Target != "" {
		target = socialcrm.NodeKey(m.Source, m.Target, "")
		if target != from {
			out = append(out, edge(target, m.Kind))
		}
	}
	first := len(out)
	text := m.Text
	for i := strings.IndexByte(text, '@'); i >= 0; i = strings.IndexByte(text, '@') {
		if i > 0 && isHandleByte(text[i-1]) { // an e-mail address, not a mention
			text = text[i+1:]
			continue
		}
		h, n := scanHandle(text, i+1)
		text = text[n:]
		if h == "" {
			continue
		}
		to := socialcrm.NodeKey(m.Source, h, "")
		if to == from || to == target || seen(out[first:], to) {
			continue
		}
		out = append(out, edge(to, socialcrm.KindMention))
	}
	return out
}

func seen(es []socialcrm.Interaction, to string) bool {
	for _, e := range es {
		if e.To == to {
			return true
		}
	}
	return false
}

// scanHandle reads a handle starting at text[i] (just after an "@"): word
// characters, dots and dashes, and one "@domain" part as in Mastodon's
// "alice@example.social". Trailing dots are not part of it. It returns the
// handle and the index just after it.
func scanHandle(text string, i int) (string, int) {
	start, j, at := i, i, false
	for j < len(text) {
		c := text[j]
		switch {
		case isHandleByte(c) || c == '.' || c == '-':
		case c == '@' && !at && j > start && j+1 < len(text) && isHandleByte(text[j+1]):
			at = true
		default:
			return strings.TrimRight(text[start:j], ".-"), j
		}
		j++
	}
	return strings.TrimRight(text[start:j], ".-"), j
}

func isHandleByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
