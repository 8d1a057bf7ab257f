package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.Leader = (*Store)(nil)

// Lead intervals: how often a standby tries for the role, and how often
// the holder checks that its connection, and so its lock, is alive.
var (
	leadRetry = time.Second
	leadCheck = 2 * time.Second
)

// leadLock is the advisory lock of a role, per schema, like Migrate's.
const leadLock = `hashtext('socialcrm.lead.' || $1), hashtext(current_schema())`

// Lead holds the role name with a session-level advisory lock
// (pg_try_advisory_lock) on a connection of its own, outside the pool:
// the lock lasts as long as that connection. A standby tries again every
// second. The held context ends when the connection stops answering,
// since the server then drops the lock and another process may take it.
func (s *Store) Lead(ctx context.Context, name string) (context.Context, func(), error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: lead %s: connect: %w", name, err)
	}
	for {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+leadLock+`)`, name).Scan(&ok); err != nil {
			conn.Close(context.Background())
			return nil, nil, fmt.Errorf("postgres: lead %s: %w", name, err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			conn.Close(context.Background())
			return nil, nil, ctx.Err()
		case <-time.After(leadRetry):
		}
	}
	held, lose := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		defer lose()
		t := time.NewTicker(leadCheck)
		defer t.Stop()
		for {
			select {
			case <-held.Done():
				return
			case <-t.C:
				pctx, cancel := context.WithTimeout(held, leadCheck)
				err := conn.Ping(pctx)
				cancel()
				if err != nil && held.Err() == nil {
					return // the lock went with the connection
				}
			}
		}
	}()
	release := func() {
		lose()
		<-watched
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = conn.Exec(uctx, `SELECT pg_advisory_unlock(`+leadLock+`)`, name) // closing drops it anyway
		conn.Close(uctx)
	}
	return held, release, nil
}
