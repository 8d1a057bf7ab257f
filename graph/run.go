package graph

import (
	"context"
	"errors"
	"time"

	"github.com/socialcrm/socialcrm"
)

// ErrStopped answers AddDurable once RunSnapshots has made its final
// save: the interactions were not added, so their offsets must not be
// committed.
var ErrStopped = errors.New("graph: saves stopped")

// AddDurable adds interactions and returns once a save holding them is
// written by RunSnapshots, so the caller may then commit their offsets: a
// restart (after Load) loses nothing that was committed. It is AddSaving
// then Flush. It returns ctx's error if ctx ends first, and ErrStopped,
// adding nothing, once RunSnapshots has stopped.
func (g *Graph) AddDurable(ctx context.Context, ins ...socialcrm.Interaction) error {
	if err := g.AddSaving(ins...); err != nil {
		return err
	}
	return g.Flush(ctx)
}

// AddSaving adds interactions and asks RunSnapshots for a save at once,
// without waiting for it: saves follow each other as fast as the store
// takes them, each with everything added meanwhile, so a consumer never
// waits for one; Flush tells when the interactions are saved. Invalid
// interactions are logged and counted, not returned, so that one poison
// message does not stop the stream. It returns ErrStopped, adding
// nothing, once RunSnapshots has begun its final save.
func (g *Graph) AddSaving(ins ...socialcrm.Interaction) error {
	g.dmu.Lock() // no add slips in after the final save's changes are taken
	if g.stopped {
		g.dmu.Unlock()
		return ErrStopped
	}
	if err := g.Add(ins...); err != nil {
		g.logger.Warn("invalid interactions skipped", "err", err)
	}
	g.dmu.Unlock()
	select {
	case g.kick <- struct{}{}:
	default: // a save is asked for already
	}
	return nil
}

// Flush returns once a save written by RunSnapshots holds everything
// added before the call, so that their offsets may be committed. It
// returns ctx's error if ctx ends first, and ErrStopped when the final
// save failed.
func (g *Graph) Flush(ctx context.Context) error {
	done := make(chan error, 1)
	g.dmu.Lock()
	if g.final {
		err := g.finalErr
		g.dmu.Unlock()
		return err
	}
	g.waiters = append(g.waiters, done)
	g.dmu.Unlock()
	select {
	case g.kick <- struct{}{}:
	default: // a save is asked for already
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// AddMessages decodes interactions topic values (JSON, see
// socialcrm.Interaction) and adds them with AddDurable. Values that do not
// decode are logged with their error and counted as rejected.
func (g *Graph) AddMessages(ctx context.Context, values ...[]byte) error {
	ins := make([]socialcrm.Interaction, 0, len(values))
	for _, v := range values {
		in, err := DecodeInteraction(v)
		if err != nil {
			g.logger.Warn("undecodable interaction skipped", "err", err, "value", truncate(v, 200))
			g.m.rejected.Inc()
			continue
		}
		ins = append(ins, in)
	}
	return g.AddDurable(ctx, ins...)
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// RunSnapshots saves the graph's changes to st as soon as interactions
// wait for one (AddSaving, Flush), every period when only other changes (an erasure)
// wait, and once more when ctx ends, then releases the waiters. A failed
// save is logged and retried after a pause; the waiters keep waiting. It
// returns the final save's error.
func (g *Graph) RunSnapshots(ctx context.Context, st socialcrm.GraphStore, every time.Duration) error {
	g.dmu.Lock()
	g.stopped, g.final, g.finalErr = false, false, nil // a new term after an earlier run stopped
	g.dmu.Unlock()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			g.dmu.Lock()
			g.stopped = true
			g.dmu.Unlock()
			err := g.snapshotOnce(fctx, st, true)
			// Everything added is in the final save, or never will be.
			ferr := error(nil)
			if err != nil {
				ferr = ErrStopped
			}
			g.dmu.Lock()
			g.final, g.finalErr = true, ferr
			g.dmu.Unlock()
			g.release(ferr) // those that came after the final save took its waiters
			return err
		case <-g.kick:
		case <-tick.C:
		}
		if err := g.snapshotOnce(ctx, st, false); err != nil {
			g.logger.Error("graph save failed; offsets wait", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(min(every, time.Second)):
			}
		}
	}
}

// snapshotOnce saves when waiters or unsaved changes ask for it (or
// always when force) and releases the waiters registered before.
func (g *Graph) snapshotOnce(ctx context.Context, st socialcrm.GraphStore, force bool) error {
	g.dmu.Lock()
	waiters := g.waiters
	g.waiters = nil
	g.dmu.Unlock()
	g.mu.RLock()
	v := g.version
	g.mu.RUnlock()
	if len(waiters) == 0 && !force && v == g.savedVersion {
		return nil
	}
	if err := g.Save(ctx, st); err != nil {
		g.dmu.Lock()
		g.waiters = append(waiters, g.waiters...)
		g.dmu.Unlock()
		return err
	}
	g.savedVersion = v
	for _, w := range waiters {
		w <- nil
	}
	return nil
}

// release answers every waiter with err.
func (g *Graph) release(err error) {
	g.dmu.Lock()
	waiters := g.waiters
	g.waiters = nil
	g.dmu.Unlock()
	for _, w := range waiters {
		w <- err
	}
}
