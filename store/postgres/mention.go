package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// checkMention reports why m cannot be stored, if it cannot.
func checkMention(m *socialcrm.Mention) error {
	switch {
	case m == nil:
		return socialcrm.Invalidf("postgres: nil mention")
	case m.ID == "":
		return socialcrm.Invalidf("postgres: mention without id")
	}
	if err := m.CheckBounds(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	switch {
	case m.Sentiment != nil && !socialcrm.ValidLabel(m.Sentiment.Label):
		return socialcrm.Invalidf("postgres: mention %q: unknown sentiment label %q", m.ID, m.Sentiment.Label)
	}
	for k, v := range m.Extra {
		if !json.Valid(v) {
			return socialcrm.Invalidf("postgres: mention %q: extra field %q is not valid JSON", m.ID, k)
		}
	}
	return nil
}

// stageTable is the per-connection temporary table SaveMentions copies a
// batch into; it empties at commit.
const stageTable = `CREATE TEMP TABLE IF NOT EXISTS mentions_stage
	(LIKE mentions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`

// upsertMentions moves the staged batch into mentions. A re-saved mention
// replaces the stored one, except that a tombstone stays one and a
// sentiment corrected by hand stays unless the new one is corrected too.
// Rows are taken in ID order so that concurrent batches that overlap lock
// them in the same order and cannot deadlock.
var upsertMentions = func() string {
	cols := strings.Join(mentionColumns, ", ")
	var set []string
	for _, c := range mentionColumns {
		switch {
		case c == "id":
			continue
		case c == "deleted":
			set = append(set, "deleted = m.deleted OR EXCLUDED.deleted")
		case erasedColumns[c]:
			set = append(set, fmt.Sprintf("%[1]s = CASE WHEN m.deleted THEN m.%[1]s ELSE EXCLUDED.%[1]s END", c))
		case strings.HasPrefix(c, "sentiment_"):
			set = append(set, fmt.Sprintf("%[1]s = CASE WHEN m.sentiment_corrected AND NOT EXCLUDED.sentiment_corrected THEN m.%[1]s ELSE EXCLUDED.%[1]s END", c))
		default:
			set = append(set, fmt.Sprintf("%[1]s = EXCLUDED.%[1]s", c))
		}
	}
	set = append(set, "stored_at = now()")
	return "INSERT INTO mentions AS m (" + cols + ") SELECT " + cols + " FROM mentions_stage ORDER BY id ON CONFLICT (id) DO UPDATE SET " + strings.Join(set, ", ")
}()

// SaveMentions upserts mentions by ID; see socialcrm.MentionStore. The batch
// is saved in one transaction: a batch with an invalid mention stores
// nothing and returns ErrInvalid. Within a batch the last copy of an ID wins.
func (s *Store) SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error {
	for _, m := range ms {
		if err := checkMention(m); err != nil {
			return err
		}
	}
	if len(ms) == 0 {
		return nil
	}
	rows, err := mentionRows(ms)
	if err != nil {
		return err
	}
	rows = lastCopies(rows)
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: save %d mentions: %w", len(rows), err)
	}
	defer conn.Release()
	// The staging table lives as long as the connection: create it once.
	custom := conn.Conn().PgConn().CustomData()
	staged, _ := custom[stageKey].(bool)
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if !staged {
			if _, err := tx.Exec(ctx, stageTable); err != nil {
				return fmt.Errorf("create staging table: %w", err)
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"mentions_stage"}, mentionColumns, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		if _, err := tx.Exec(ctx, upsertMentions); err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		return nil
	})
	if err != nil {
		// Check for the staging table again next time: it may be gone.
		delete(custom, stageKey)
		return fmt.Errorf("postgres: save %d mentions: %w", len(rows), rejected(err))
	}
	custom[stageKey] = true
	return nil
}

// stageKey marks, in a connection's custom data, that its staging table
// exists.
const stageKey = "socialcrm.mentions_stage"

// lastCopies returns rows with only the last copy of each ID (column 0):
// one INSERT … ON CONFLICT cannot change a row twice.
func lastCopies(rows [][]any) [][]any {
	seen := make(map[string]bool, len(rows))
	out := make([][]any, 0, len(rows))
	for i := len(rows) - 1; i >= 0; i-- {
		if id := rows[i][0].(string); !seen[id] {
			seen[id] = true
			out = append(out, rows[i])
		}
	}
	return out
}

// FindMentionByID returns the mention with that ID, or ErrNotFound.
func (s *Store) FindMentionByID(ctx context.Context, id string) (*socialcrm.Mention, error) {
	rows, _ := s.pool.Query(ctx, selectMentions+` WHERE id = $1`, socialcrm.CleanText(id))
	m, err := pgx.CollectExactlyOneRow(rows, scanMention)
	if err != nil {
		return nil, notFound(err, "mention", id)
	}
	return m, nil
}

// FindMentions returns the live mentions that match f, newest first, and
// their total.
func (s *Store) FindMentions(ctx context.Context, f socialcrm.MentionFilter) ([]*socialcrm.Mention, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, false)
	if err != nil {
		return nil, 0, err
	}
	if f.Sentiment != nil && !socialcrm.ValidLabel(*f.Sentiment) {
		return nil, 0, socialcrm.Invalidf("postgres: unknown sentiment label %q", *f.Sentiment)
	}
	var w where
	w.add("NOT deleted")
	w.eq("brand", f.Brand)
	w.eq("sentiment_label", f.Sentiment)
	w.eq("source", f.Source)
	w.eq("author_key", f.Author)
	if f.ContactID != nil {
		w.add("cardinality(contacts) > 0 AND contacts @> ARRAY[%s]::text[]", *f.ContactID)
	}
	if f.Segment != nil {
		members, err := s.segmentContacts(ctx, *f.Segment)
		if err != nil {
			return nil, 0, err
		}
		w.add("cardinality(contacts) > 0 AND contacts && %s::text[]", members)
	}
	if f.AccountID != nil {
		w.add("cardinality(contacts) > 0 AND contacts && ARRAY(SELECT c.id FROM contacts c WHERE c.account_id = %s)",
			socialcrm.CleanText(*f.AccountID))
	}
	if f.Topic != nil {
		w.add("topics @> ARRAY[%s]::text[]", *f.Topic)
	}
	w.eq("rule", f.Rule)
	if f.Since != nil {
		w.add("created_at >= %s", *f.Since)
	}
	if f.Until != nil {
		w.add("created_at < %s", *f.Until)
	}
	var ms []*socialcrm.Mention
	total, err := s.findPage(ctx, "mentions", w, "created_at DESC, id DESC", offset, limit, selectMentions, func(rows pgx.Rows) error {
		var err error
		ms, err = pgx.CollectRows(rows, scanMention)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find mentions: %w", err)
	}
	return ms, total, nil
}

// CorrectSentiment sets a mention's sentiment by hand.
func (s *Store) CorrectSentiment(ctx context.Context, id string, sent socialcrm.Sentiment) error {
	if !socialcrm.ValidLabel(sent.Label) {
		return socialcrm.Invalidf("postgres: correct mention %q: unknown sentiment label %q", id, sent.Label)
	}
	m := socialcrm.Mention{Sentiment: &sent}
	socialcrm.CleanMention(&m)
	sent = *m.Sentiment
	explain, err := jsonOrNull(sent.Explain, len(sent.Explain))
	if err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE mentions SET sentiment_label = $2, sentiment_score = $3,
		sentiment_confidence = $4, sentiment_model = $5, sentiment_explain = $6,
		sentiment_unsupported = $7, sentiment_corrected = true WHERE id = $1`,
		socialcrm.CleanText(id), sent.Label, sent.Score, sent.Confidence, sent.Model, explain, sent.Unsupported)
	if err != nil {
		return fmt.Errorf("postgres: correct mention %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: correct mention %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}

// DeleteMention tombstones a mention.
func (s *Store) DeleteMention(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE mentions SET deleted = true, author_id = '', author_handle = '',
		author_name = '', author_followers = 0, author_key = '', text = '', url = '', target = '',
		place = '', entities = NULL, extra = NULL WHERE id = $1`, socialcrm.CleanText(id))
	if err != nil {
		return fmt.Errorf("postgres: delete mention %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: delete mention %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}

// segmentContacts returns the IDs of the segment's members, evaluated now
// (none is an empty list, which matches no mention).
func (s *Store) segmentContacts(ctx context.Context, id string) ([]string, error) {
	g, err := s.FindSegmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, _, err := s.FindSegmentMembers(ctx, g.Rules, socialcrm.SegmentMemberFilter{Now: time.Now(), Limit: -1})
	if err != nil {
		return nil, fmt.Errorf("postgres: members of segment %q: %w", id, err)
	}
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids, nil
}
