package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testChangeFeed: a notice reaches every watcher of the store, each once
// per notice, with its kind; watchers stop when their context ends; bad
// kinds are ErrInvalid.
func testChangeFeed(t *testing.T, open Open) {
	t.Parallel()
	s := open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	type watcher struct {
		mu    sync.Mutex
		kinds map[string]int
		done  chan error
	}
	ws := make([]*watcher, 2)
	wctx, stop := context.WithCancel(ctx)
	for i := range ws {
		w := &watcher{kinds: map[string]int{}, done: make(chan error, 1)}
		ws[i] = w
		go func() {
			w.done <- s.WatchChanges(wctx, func(kind string) {
				w.mu.Lock()
				w.kinds[kind]++
				w.mu.Unlock()
			})
		}()
	}
	got := func(w *watcher, kind string) int {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.kinds[kind]
	}
	// A watcher listens some time after WatchChanges is called: notify
	// until both have heard one, then once more.
	for got(ws[0], socialcrm.ChangeContacts) == 0 || got(ws[1], socialcrm.ChangeContacts) == 0 {
		if err := s.NotifyChange(ctx, socialcrm.ChangeContacts); err != nil {
			t.Fatalf("NotifyChange: %v", err)
		}
		if ctx.Err() != nil {
			t.Fatal("no watcher heard of a change within 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	before := [2]int{got(ws[0], socialcrm.ChangeContacts), got(ws[1], socialcrm.ChangeContacts)}
	if err := s.NotifyChange(ctx, socialcrm.ChangeSentiment); err != nil {
		t.Fatal(err)
	}
	if err := s.NotifyChange(ctx, socialcrm.ChangeContacts); err != nil {
		t.Fatal(err)
	}
	for i, w := range ws {
		for got(w, socialcrm.ChangeSentiment) == 0 || got(w, socialcrm.ChangeContacts) == before[i] {
			if ctx.Err() != nil {
				t.Fatalf("watcher %d: %d sentiment notices, %d contacts notices after %d; want 1 and %d", i,
					got(w, socialcrm.ChangeSentiment), got(w, socialcrm.ChangeContacts), before[i], before[i]+1)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	time.Sleep(100 * time.Millisecond)
	for i, w := range ws {
		if n, c := got(w, socialcrm.ChangeSentiment), got(w, socialcrm.ChangeContacts); n != 1 || c != before[i]+1 {
			t.Errorf("watcher %d heard %d sentiment and %d contacts notices, want 1 and %d: each notice once", i, n, c, before[i]+1)
		}
	}
	stop()
	for i, w := range ws {
		select {
		case err := <-w.done:
			if err != nil {
				t.Errorf("watcher %d: WatchChanges returned %v at the end of its context, want nil", i, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("watcher %d: WatchChanges did not return after its context ended", i)
		}
	}
	for _, kind := range []string{"", string(make([]byte, socialcrm.MaxLabelBytes+1))} {
		if err := s.NotifyChange(ctx, kind); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("NotifyChange(%d bytes): %v, want ErrInvalid", len(kind), err)
		}
	}
}
