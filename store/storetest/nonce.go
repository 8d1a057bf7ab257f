package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testNonceStore(t *testing.T, open Open) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	t.Run("OnceUntilExpiry", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "ReserveNonce", s.ReserveNonce(ctx, "sha256=ab", now, now.Add(10*time.Minute)))
		wantErr(t, "ReserveNonce again", s.ReserveNonce(ctx, "sha256=ab", now.Add(time.Minute), now.Add(11*time.Minute)), socialcrm.ErrConflict)
		must(t, "ReserveNonce other", s.ReserveNonce(ctx, "sha256=cd", now, now.Add(10*time.Minute)))
		// Expired, the key may be reserved again, and then holds anew.
		later := now.Add(10 * time.Minute)
		must(t, "ReserveNonce after expiry", s.ReserveNonce(ctx, "sha256=ab", later, later.Add(time.Minute)))
		wantErr(t, "ReserveNonce renewed", s.ReserveNonce(ctx, "sha256=ab", later, later.Add(time.Minute)), socialcrm.ErrConflict)
	})
	t.Run("Release", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "ReserveNonce", s.ReserveNonce(ctx, "k\x00", now, now.Add(time.Hour)))
		must(t, "ReleaseNonce", s.ReleaseNonce(ctx, "k\x00"))
		must(t, "ReserveNonce after release", s.ReserveNonce(ctx, "k\x00", now, now.Add(time.Hour)))
		must(t, "ReleaseNonce unknown", s.ReleaseNonce(ctx, "unknown"))
		wantErr(t, "ReserveNonce empty", s.ReserveNonce(ctx, "", now, now.Add(time.Hour)), socialcrm.ErrInvalid)
	})
	t.Run("OneWinner", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() { errs[i] = s.ReserveNonce(ctx, "race", now, now.Add(time.Hour)) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, socialcrm.ErrConflict):
				t.Errorf("ReserveNonce: %v, want nil or ErrConflict", err)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d concurrent reservations of one key won, want 1", won, len(errs))
		}
	})
}
