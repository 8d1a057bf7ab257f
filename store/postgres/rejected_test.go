package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// TestStore_RejectedIsInvalid: what Postgres refuses for the data itself
// (here 54000, an index row over the B-tree's limit, for a 10 KB state
// key no validation bounds) is ErrInvalid, which consumers dead-letter,
// not an error they retry for ever.
func TestStore_RejectedIsInvalid(t *testing.T) {
	s := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
	// Random bytes, so that Postgres cannot compress the index entry.
	raw := make([]byte, 5<<10)
	rand.Read(raw)
	huge := hex.EncodeToString(raw)
	err := s.PutState(context.Background(), huge, []byte("{}"))
	if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), "SQLSTATE 54000") {
		t.Fatalf("PutState with a 10 KB key: %.300v, want ErrInvalid with SQLSTATE 54000", err)
	}
	t.Logf("refused: %.200s", err)
}
