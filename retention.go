package socialcrm

import (
	"context"
	"time"
)

// RetentionStore forgets the personal part of old mentions by people who
// are not contacts, keeping what the aggregates count.
type RetentionStore interface {
	// RedactMentions erases the text, author, URL, target, place,
	// entities, extra fields and sentiment explanation of at most limit
	// live mentions created before before and linked to no contact,
	// oldest first. They keep their ID, source, brand, time, kind,
	// language, intent, topics and scores, so that summaries and series
	// still count them. Returns how many it changed, 0 once none is
	// left; a mention already redacted is not counted again. A limit
	// below 1 is ErrInvalid.
	RedactMentions(ctx context.Context, before time.Time, limit int) (int, error)
}

// Redact erases what RedactMentions erases from m.
func Redact(m *Mention) {
	m.Author = Author{}
	m.Text, m.URL, m.Target, m.Place = "", "", "", ""
	m.Entities, m.Extra = nil, nil
	if m.Sentiment != nil {
		m.Sentiment.Explain = nil
	}
}
