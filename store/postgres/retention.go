package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.RetentionStore = (*Store)(nil)

// RedactMentions redacts the oldest unlinked live mentions before before.
func (s *Store) RedactMentions(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		return 0, socialcrm.Invalidf("postgres: redact mentions: limit %d: want at least 1", limit)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE mentions SET author_id = '', author_handle = '', author_name = '',
		author_followers = 0, author_key = '', text = '', url = '', target = '', place = '', entities = NULL,
		extra = NULL, sentiment_explain = NULL
		WHERE id IN (SELECT id FROM mentions WHERE NOT deleted AND created_at < $1 AND cardinality(contacts) = 0
			AND (text <> '' OR author_key <> '' OR url <> '') ORDER BY created_at, id LIMIT $2)`, micro(before), limit)
	if err != nil {
		return 0, fmt.Errorf("postgres: redact mentions before %s: %w", before.Format(time.RFC3339), err)
	}
	return int(tag.RowsAffected()), nil
}
