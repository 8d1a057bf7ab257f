package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// mentionColumns are the columns a mention is written to and read from,
// in the order of mentionRow and scanMention.
var mentionColumns = []string{
	"id", "v", "source", "brand", "rule",
	"author_id", "author_handle", "author_name", "author_followers", "author_key",
	"text", "lang", "kind", "parent_id", "target", "place", "url", "created_at", "deleted", "extra",
	"sentiment_label", "sentiment_score", "sentiment_confidence", "sentiment_model",
	"sentiment_explain", "sentiment_unsupported", "sentiment_corrected",
	"intent", "entities", "topics", "contacts",
}

// erasedColumns are emptied when a mention becomes a tombstone.
var erasedColumns = map[string]bool{
	"author_id": true, "author_handle": true, "author_name": true, "author_followers": true,
	"author_key": true, "text": true, "target": true, "place": true, "url": true,
	"extra": true, "entities": true,
}

var selectMentions = "SELECT " + strings.Join(mentionColumns, ", ") + " FROM mentions"

// mentionRows returns the COPY rows of ms.
func mentionRows(ms []*socialcrm.Mention) ([][]any, error) {
	rows := make([][]any, len(ms))
	for i, m := range ms {
		r, err := mentionRow(m)
		if err != nil {
			return nil, err
		}
		rows[i] = r
	}
	return rows, nil
}

// mentionRow returns the column values of m, erased when it is a tombstone.
func mentionRow(m *socialcrm.Mention) ([]any, error) {
	c := *m
	socialcrm.CleanMention(&c)
	if c.Deleted {
		c.Author = socialcrm.Author{}
		c.Text, c.URL, c.Target, c.Place = "", "", "", ""
		c.Entities, c.Extra = nil, nil
	}
	authorKey := ""
	if !c.Deleted {
		authorKey = c.AuthorKey()
	}
	extra, err := jsonOrNull(c.Extra, len(c.Extra))
	if err != nil {
		return nil, err
	}
	entities, err := jsonOrNull(c.Entities, len(c.Entities))
	if err != nil {
		return nil, err
	}
	var (
		label, model           *string
		score, confidence      *float64
		explain                []byte
		unsupported, corrected bool
	)
	if s := c.Sentiment; s != nil {
		label, model, score, confidence = &s.Label, &s.Model, &s.Score, &s.Confidence
		unsupported, corrected = s.Unsupported, s.Corrected
		if explain, err = jsonOrNull(s.Explain, len(s.Explain)); err != nil {
			return nil, err
		}
	}
	return []any{
		c.ID, c.V, c.Source, c.Brand, c.Rule,
		c.Author.ID, c.Author.Handle, c.Author.Name, int64(c.Author.Followers), authorKey,
		c.Text, c.Lang, string(c.Kind), c.ParentID, c.Target, c.Place, c.URL, c.CreatedAt, c.Deleted, extra,
		label, score, confidence, model, explain, unsupported, corrected,
		c.Intent, entities, nonNil(c.Topics), nonNil(c.Contacts),
	}, nil
}

// jsonOrNull returns v as JSON, or nil (NULL) when it has no elements.
func jsonOrNull(v any, n int) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("postgres: encode %T: %w", v, err)
	}
	return b, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// scanMention reads a row of selectMentions.
func scanMention(row pgx.CollectableRow) (*socialcrm.Mention, error) {
	var (
		m                      socialcrm.Mention
		kind                   string
		followers              int64
		authorKey              string
		created                time.Time
		extra, entities, expl  []byte
		label, model           *string
		score, confidence      *float64
		unsupported, corrected bool
	)
	err := row.Scan(&m.ID, &m.V, &m.Source, &m.Brand, &m.Rule,
		&m.Author.ID, &m.Author.Handle, &m.Author.Name, &followers, &authorKey,
		&m.Text, &m.Lang, &kind, &m.ParentID, &m.Target, &m.Place, &m.URL, &created, &m.Deleted, &extra,
		&label, &score, &confidence, &model, &expl, &unsupported, &corrected,
		&m.Intent, &entities, &m.Topics, &m.Contacts)
	if err != nil {
		return nil, err
	}
	m.Kind, m.Author.Followers, m.CreatedAt = socialcrm.InteractionKind(kind), int(followers), created.UTC()
	if err := unmarshalIf(extra, &m.Extra); err != nil {
		return nil, fmt.Errorf("mention %q: extra: %w", m.ID, err)
	}
	if err := unmarshalIf(entities, &m.Entities); err != nil {
		return nil, fmt.Errorf("mention %q: entities: %w", m.ID, err)
	}
	if label != nil {
		s := &socialcrm.Sentiment{Label: *label, Unsupported: unsupported, Corrected: corrected}
		if score != nil {
			s.Score = *score
		}
		if confidence != nil {
			s.Confidence = *confidence
		}
		if model != nil {
			s.Model = *model
		}
		if err := unmarshalIf(expl, &s.Explain); err != nil {
			return nil, fmt.Errorf("mention %q: sentiment explanation: %w", m.ID, err)
		}
		m.Sentiment = s
	}
	if len(m.Topics) == 0 {
		m.Topics = nil
	}
	if len(m.Contacts) == 0 {
		m.Contacts = nil
	}
	return &m, nil
}

// unmarshalIf decodes b into v unless b is empty (NULL).
func unmarshalIf(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}
