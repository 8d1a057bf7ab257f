package alerts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// silencesKey is the state store key of the silences.
const silencesKey = "alerts/silences"

// Silence adds a silence and returns it with its ID. A zero Start means
// now. Returns ErrInvalid for a silence that ends before it starts.
func (a *Alerter) Silence(ctx context.Context, s socialcrm.Silence) (socialcrm.Silence, error) {
	if s.Start.IsZero() {
		s.Start = a.conf.Now()
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	if now := a.conf.Now(); !s.End.After(now) {
		return s, socialcrm.Invalidf("silence: end %s is not in the future (now %s): a silence wholly in the past mutes nothing",
			s.End.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s.ID = hex.EncodeToString(b)
	a.mu.Lock()
	defer a.mu.Unlock()
	// Another process (web, a replica) may have changed them: add to the
	// stored list, not to this process's copy.
	if err := a.rereadSilences(ctx); err != nil {
		return s, err
	}
	a.silences = append(a.silences, s)
	return s, a.saveSilences(ctx)
}

// Silences returns the silences that have not ended, soonest end first.
func (a *Alerter) Silences() []socialcrm.Silence {
	now := a.conf.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []socialcrm.Silence
	for _, s := range a.silences {
		if now.Before(s.End) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(x, y socialcrm.Silence) int { return x.End.Compare(y.End) })
	return out
}

// DeleteSilence removes a silence. Returns ErrNotFound for an unknown id.
func (a *Alerter) DeleteSilence(ctx context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.rereadSilences(ctx); err != nil {
		return err
	}
	i := slices.IndexFunc(a.silences, func(s socialcrm.Silence) bool { return s.ID == id })
	if i < 0 {
		return fmt.Errorf("alerts: silence %q: %w", id, socialcrm.ErrNotFound)
	}
	a.silences = slices.Delete(a.silences, i, i+1)
	return a.saveSilences(ctx)
}

// silenced returns the first silence muting al at t.
func (a *Alerter) silenced(al *socialcrm.Alert, t time.Time) (socialcrm.Silence, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, s := range a.silences {
		if s.Matches(al, t) {
			return s, true
		}
	}
	return socialcrm.Silence{}, false
}

// saveSilences stores the silences that have not ended. Called with a.mu
// held.
func (a *Alerter) saveSilences(ctx context.Context) error {
	now := a.conf.Now()
	a.silences = slices.DeleteFunc(a.silences, func(s socialcrm.Silence) bool { return !now.Before(s.End) })
	b, err := json.Marshal(a.silences)
	if err != nil {
		return fmt.Errorf("alerts: encode silences: %w", err)
	}
	if err := a.store.PutState(ctx, silencesKey, b); err != nil {
		return fmt.Errorf("alerts: save silences: %w", err)
	}
	return nil
}

// loadSilences reads the stored silences.
func (a *Alerter) loadSilences(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rereadSilences(ctx)
}

// rereadSilences replaces the silences with the stored ones. Called with
// a.mu held.
func (a *Alerter) rereadSilences(ctx context.Context) error {
	b, err := a.store.GetState(ctx, silencesKey)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alerts: load silences: %w", err)
	}
	var ss []socialcrm.Silence
	if err := json.Unmarshal(b, &ss); err != nil {
		return fmt.Errorf("alerts: decode silences: %w", err)
	}
	a.silences = ss
	return nil
}
