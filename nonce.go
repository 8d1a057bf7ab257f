package socialcrm

import (
	"context"
	"time"
)

// NonceStore remembers one-time keys (the signatures of accepted ingest
// requests) until they expire, so that a captured request is refused again
// after a restart too.
type NonceStore interface {
	// ReserveNonce records key until expires. It returns ErrConflict when
	// key is recorded and not expired at now (of two concurrent
	// reservations of a key, one wins), and ErrInvalid for an empty key.
	ReserveNonce(ctx context.Context, key string, now, expires time.Time) error
	// ReleaseNonce forgets key; forgetting an unknown key is no error.
	ReleaseNonce(ctx context.Context, key string) error
}
