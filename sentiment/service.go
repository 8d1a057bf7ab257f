package sentiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Service scores mentions with the language router and each brand's
// overrides and adapter, and learns from hand corrections. A brand's
// overrides and corrections persist in the StateStore under
// StateKey(brand); the adapter is refitted from them. It is safe for
// concurrent use.
type Service struct {
	base   Scorer
	state  socialcrm.StateStore // nil: brands live in memory only
	logger *slog.Logger
	mu     sync.Mutex
	brands map[string]*brandState
}

// brandState is one brand's persisted state and the adapter built from it.
type brandState struct {
	mu          sync.Mutex // serialises changes
	overrides   []Override
	corrections []correction
	adapter     atomic.Pointer[adapter]
}

// persisted is the JSON kept in the StateStore for a brand.
type persisted struct {
	Overrides   []Override   `json:"overrides,omitempty"`
	Corrections []correction `json:"corrections,omitempty"`
}

var (
	_ socialcrm.SentimentScorer  = (*Service)(nil)
	_ socialcrm.SentimentLearner = (*Service)(nil)
)

// NewService returns a Service over base (usually the Router). state may be
// nil, in which case corrections are not persisted.
func NewService(base Scorer, state socialcrm.StateStore, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{base: base, state: state, logger: logger.With("component", "sentiment"),
		brands: map[string]*brandState{}}
}

// StateKey is the StateStore key of a brand's sentiment adaptation.
func StateKey(brand string) string { return "sentiment/brand/" + brand }

// Score scores text without brand adaptation.
func (s *Service) Score(text, lang string) socialcrm.Sentiment { return s.base.Score(text, lang) }

// ScoreMention scores m's text in m's language, adapted to m's brand.
func (s *Service) ScoreMention(m *socialcrm.Mention) socialcrm.Sentiment {
	return s.ScoreBrand(m.Brand, m.Text, m.Lang)
}

// ScoreBrand scores text adapted to brand. The first call for a brand
// loads its state (see Load); scorers other than trained models are not
// adapted.
func (s *Service) ScoreBrand(brand, text, lang string) socialcrm.Sentiment {
	if brand == "" {
		return s.base.Score(text, lang)
	}
	b := s.brand(brand)
	a := b.adapter.Load()
	m, l := s.model(lang)
	if a == nil || m == nil {
		if m == nil && l != "" {
			return Unsupported(l)
		}
		return s.base.Score(text, lang)
	}
	out := m.scoreWith(text, a.apply)
	out.Model += "+" + brand
	return out
}

// model returns the trained model for lang, or nil and the language when
// there is none.
func (s *Service) model(lang string) (*Model, string) {
	switch b := s.base.(type) {
	case *Model:
		return b, ""
	case *Router:
		sc, l := b.route(lang)
		if sc == nil {
			return nil, l
		}
		m, _ := sc.(*Model)
		return m, ""
	}
	return nil, ""
}

// brand returns the brand's state, loading it on first use.
func (s *Service) brand(name string) *brandState {
	s.mu.Lock()
	b, ok := s.brands[name]
	if !ok {
		b = &brandState{}
		s.brands[name] = b
	}
	s.mu.Unlock()
	if !ok {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.load(ctx, name, b); err != nil {
			s.logger.Error("load brand adaptation", "brand", name, "err", err)
		}
	}
	return b
}

// Load (re)reads the brand's overrides and corrections from the StateStore,
// for instance after another process learned corrections.
func (s *Service) Load(ctx context.Context, brand string) error {
	s.mu.Lock()
	b, ok := s.brands[brand]
	if !ok {
		b = &brandState{}
		s.brands[brand] = b
	}
	s.mu.Unlock()
	return s.load(ctx, brand, b)
}

// Refresh reloads every brand seen so far from the StateStore, so that a
// process picks up corrections learned by another one; cmd may call it on a
// timer.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	names := make([]string, 0, len(s.brands))
	for n := range s.brands {
		names = append(names, n)
	}
	s.mu.Unlock()
	var errs []error
	for _, n := range names {
		if err := s.Load(ctx, n); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Service) load(ctx context.Context, name string, b *brandState) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return s.loadLocked(ctx, name, b)
}

// loadLocked reads the brand's stored state into b; the caller holds b.mu.
// On error b keeps what it had.
func (s *Service) loadLocked(ctx context.Context, name string, b *brandState) error {
	if s.state == nil {
		return nil
	}
	raw, err := s.state.GetState(ctx, StateKey(name))
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sentiment: load brand %q: %w", name, err)
	}
	var p persisted
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("sentiment: load brand %q: %w", name, err)
	}
	b.overrides, b.corrections = p.Overrides, p.Corrections
	s.rebuild(b)
	return nil
}

// SetOverrides replaces the brand's term overrides and persists them.
// Returns ErrInvalid for an override with an unknown label or no term.
func (s *Service) SetOverrides(ctx context.Context, brand string, ovs []Override) error {
	for _, o := range ovs {
		if o.Term == "" || !socialcrm.ValidLabel(o.Label) {
			return socialcrm.Invalidf("sentiment: override %q → %q", o.Term, o.Label)
		}
	}
	b := s.brand(brand)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := s.loadLocked(ctx, brand, b); err != nil {
		return err
	}
	b.overrides = append([]Override(nil), ovs...)
	s.rebuild(b)
	return s.save(ctx, brand, b)
}

// LearnCorrection records that m's sentiment is label and refits m's
// brand adapter. Mentions without a brand teach nothing.
func (s *Service) LearnCorrection(ctx context.Context, m *socialcrm.Mention, label string) error {
	li := LabelIndex(label)
	if li < 0 {
		return socialcrm.Invalidf("sentiment: label %q", label)
	}
	if m.Brand == "" || m.Text == "" {
		return nil
	}
	b := s.brand(m.Brand)
	b.mu.Lock()
	defer b.mu.Unlock()
	// Reread what other processes learned (and what a failed first load
	// missed), so that saving never drops their corrections.
	if err := s.loadLocked(ctx, m.Brand, b); err != nil {
		return err
	}
	b.corrections = append(b.corrections, correction{Text: m.Text, Lang: m.Lang, Label: li})
	if n := len(b.corrections); n > MaxCorrections {
		b.corrections = append([]correction(nil), b.corrections[n-MaxCorrections:]...)
	}
	s.rebuild(b)
	return s.save(ctx, m.Brand, b)
}

// rebuild refits the brand's adapter from its overrides and corrections.
// The caller holds b.mu.
func (s *Service) rebuild(b *brandState) {
	ovs := overrideShifts(b.overrides)
	samples := make([]adaptSample, 0, len(b.corrections))
	for _, c := range b.corrections {
		m, _ := s.model(c.Lang)
		if m == nil {
			continue
		}
		samples = append(samples, m.adaptSample(c, ovs))
	}
	b.adapter.Store(trainAdapter(samples, ovs))
}

// adaptSample featurizes a correction for the adapter.
func (m *Model) adaptSample(c correction, ovs map[string][3]float32) adaptSample {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	m.feat.extract(sc, c.Text, m)
	z := m.logits(sc)
	(&adapter{overrides: ovs}).apply(sc, &z)
	s := adaptSample{z: z, temp: m.temp, label: c.Label}
	seen := map[string]bool{}
	for i := range sc.toks {
		if k := termKey(&sc.toks[i]); k != "" && !seen[k] {
			seen[k] = true
			s.terms = append(s.terms, k)
		}
	}
	return s
}

func (s *Service) save(ctx context.Context, brand string, b *brandState) error {
	if s.state == nil {
		return nil
	}
	raw, err := json.Marshal(persisted{Overrides: b.overrides, Corrections: b.corrections})
	if err != nil {
		return fmt.Errorf("sentiment: save brand %q: %w", brand, err)
	}
	if err := s.state.PutState(ctx, StateKey(brand), raw); err != nil {
		return fmt.Errorf("sentiment: save brand %q: %w", brand, err)
	}
	return nil
}
