package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
)

var _ socialcrm.ChangeFeed = (*Store)(nil)

// changeChannel is the LISTEN/NOTIFY channel of change notices. Channels
// are per database, so a notice's payload starts with its schema and
// watchers of other schemas ignore it.
const changeChannel = "socialcrm_changes"

// watchRetry is the wait before listening again after the connection broke.
var watchRetry = backoff.Policy{Min: 200 * time.Millisecond, Max: 5 * time.Second}

// NotifyChange implements socialcrm.ChangeFeed with pg_notify.
func (s *Store) NotifyChange(ctx context.Context, kind string) error {
	if err := socialcrm.CheckChangeKind(kind); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `SELECT pg_notify('`+changeChannel+`', current_schema() || ':' || $1)`, kind); err != nil {
		return fmt.Errorf("postgres: notify %s: %w", kind, err)
	}
	return nil
}

// WatchChanges implements socialcrm.ChangeFeed with LISTEN on a
// connection of its own, outside the pool. When the connection breaks it
// connects and listens again, with backoff; notices sent meanwhile are
// lost.
func (s *Store) WatchChanges(ctx context.Context, f func(kind string)) error {
	for try := 0; ; try++ {
		// listen returns when the connection breaks: listen again.
		if s.listen(ctx, f, func() { try = 0 }); ctx.Err() != nil {
			return nil
		}
		if backoff.Sleep(ctx, watchRetry.Delay(try)) != nil {
			return nil
		}
	}
}

// listen delivers the notices of this schema until the connection fails
// or ctx ends; listening calls up once LISTEN is in force.
func (s *Store) listen(ctx context.Context, f func(kind string), listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+changeChannel); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if kind, ok := strings.CutPrefix(n.Payload, schema+":"); ok {
			f(kind)
		}
	}
}
