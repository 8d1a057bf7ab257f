package crm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// CaseConfig configures Cases.
type CaseConfig struct {
	// SLA is the service-level time of each channel, for cases no policy
	// matches.
	SLA SLA
	// Policies set the targets of new cases; nil: the SLA's per-channel
	// times around the clock.
	Policies *Policies
	// ContactsOnly opens cases only for mentions linked to a CRM contact.
	// Otherwise a mention addressed to its brand opens one too.
	ContactsOnly bool
	// BrandAccounts maps the graph node keys of the brands' own accounts
	// (see socialcrm.NodeKey) to their brand, to tell mentions addressed
	// to a brand; without it a brand's account is named like the brand.
	BrandAccounts map[string]string
	// MaxAge: mentions older than this (replays, backfills) open no case.
	MaxAge time.Duration
	// SweepEvery is how often Run marks overdue cases and counts open ones.
	SweepEvery time.Duration
	// Reminders, when set, are swept with the cases: the assignees of
	// tasks that fell due are told.
	Reminders *TaskReminders
	// Notifiers get the notices of targets at risk (to the assignee) and
	// missed (to the assignee and their team's supervisor).
	Notifiers []socialcrm.Notifier
	// Silenced reports whether a silence mutes a notice's alert at now;
	// nil: none does.
	Silenced func(a *socialcrm.Alert, now time.Time) bool
	// Boost returns the priority boost of a contact's segments (see
	// Segments.Boost); nil: segments do not change a case's priority.
	Boost func(ctx context.Context, contactID string) (int, error)
	Now   func() time.Time
}

// DefaultCaseConfig returns the default SLA, cases for contacts and for
// mentions addressed to the brand, up to three days old.
func DefaultCaseConfig() CaseConfig {
	return CaseConfig{SLA: DefaultSLA(), MaxAge: 72 * time.Hour, SweepEvery: 30 * time.Second, Now: time.Now}
}

// caseStore is what Cases needs of the store.
type caseStore interface {
	socialcrm.CaseStore
	FindContactByID(ctx context.Context, id string) (*socialcrm.Contact, error)
	FindAccountByID(ctx context.Context, id string) (*socialcrm.Account, error)
	FindUserByID(ctx context.Context, id string) (*socialcrm.User, error)
	FindTeamByID(ctx context.Context, id string) (*socialcrm.Team, error)
}

// Cases opens cases from scored mentions, attaches follow-ups to the open
// case of the same party, brand and channel, marks overdue cases as
// breached and changes cases by hand (socialcrm.CaseService). It is safe
// for concurrent use; one process should run it per store, since its
// read-modify-write of a case is guarded by a lock of its own.
type Cases struct {
	conf    CaseConfig
	store   caseStore
	log     *slog.Logger
	metrics *caseMetrics
	notices *noticeMetrics
	handles map[string][]string // brand → its account handles, lower case
	pols    atomic.Pointer[Policies]

	mu sync.Mutex
}

var _ socialcrm.CaseService = (*Cases)(nil)

// NewCases returns Cases over store; reg may be nil.
func NewCases(conf CaseConfig, store caseStore, logger *slog.Logger, reg prometheus.Registerer) (*Cases, error) {
	if store == nil {
		return nil, errors.New("crm: cases need a store")
	}
	if conf.SLA.Default <= 0 {
		return nil, socialcrm.Invalidf("crm: cases: the default SLA must be positive")
	}
	if conf.Now == nil {
		conf.Now = time.Now
	}
	if conf.SweepEvery <= 0 {
		conf.SweepEvery = 30 * time.Second
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if conf.Policies == nil {
		p, err := NewPolicies(socialcrm.SLAConfig{}, conf.SLA)
		if err != nil {
			return nil, err
		}
		conf.Policies = p
	}
	m, err := newCaseMetrics(reg, conf.SLA.Known())
	if err != nil {
		return nil, err
	}
	nm, err := newNoticeMetrics(reg)
	if err != nil {
		return nil, err
	}
	c := &Cases{conf: conf, store: store, log: logger.With("component", "cases"), metrics: m, notices: nm,
		handles: map[string][]string{}}
	c.pols.Store(conf.Policies)
	for k, brand := range conf.BrandAccounts {
		if _, h, ok := strings.Cut(k, ":"); ok && h != "" && !slices.Contains(c.handles[brand], h) {
			c.handles[brand] = append(c.handles[brand], h)
		}
	}
	return c, nil
}

// Observe opens or updates the cases the stored scored mentions ask for.
// Seeing a mention again changes nothing. It returns the joined errors of
// the mentions it could not handle.
func (c *Cases) Observe(ctx context.Context, ms []*socialcrm.Mention) error {
	var errs []error
	for _, m := range ms {
		if !c.wants(m) {
			continue
		}
		if err := c.observe(ctx, m); err != nil {
			errs = append(errs, fmt.Errorf("mention %q: %w", m.ID, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("crm: cases: %w", errors.Join(errs...))
	}
	return nil
}

// wants reports, without I/O, whether m opens or updates a case.
func (c *Cases) wants(m *socialcrm.Mention) bool {
	if caseKind(m) == "" || c.conf.MaxAge > 0 && c.conf.Now().Sub(m.CreatedAt) > c.conf.MaxAge {
		return false
	}
	if len(m.Contacts) > 0 {
		return true
	}
	return !c.conf.ContactsOnly && c.addressed(m)
}

func (c *Cases) observe(ctx context.Context, m *socialcrm.Mention) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := socialcrm.CleanText(m.ID)
	if _, n, err := c.store.FindCases(ctx, socialcrm.CaseFilter{MentionID: &id, Limit: 1}); err != nil || n > 0 {
		return err // seen before: a redelivery
	}
	contactID, party := caseParty(m)
	key := socialcrm.CaseKey(m.Brand, m.Source, party)
	// A second attempt follows a conflict: another process opened the
	// case of this key meanwhile.
	for attempt := 0; ; attempt++ {
		active, _, err := c.store.FindCases(ctx, socialcrm.CaseFilter{Key: &key, Active: true, Limit: 1})
		if err != nil {
			return err
		}
		if len(active) > 0 {
			return c.attach(ctx, active[0], m)
		}
		err = c.open(ctx, m, key, contactID)
		if !errors.Is(err, socialcrm.ErrConflict) || attempt > 0 {
			return err
		}
	}
}

// open saves a new case opened by m.
func (c *Cases) open(ctx context.Context, m *socialcrm.Mention, key, contactID string) error {
	now := c.conf.Now()
	opened := earlier(m.CreatedAt, now)
	k := &socialcrm.Case{
		ID: "case-" + socialcrm.CleanText(m.ID), Key: key, Brand: m.Brand, Channel: m.Source,
		ContactID: contactID, Author: m.AuthorKey(), Kind: caseKind(m), Status: socialcrm.CaseOpen,
		Subject: subject(m.Text), Mentions: []string{m.ID}, MentionCount: 1,
		OpenedAt: opened, LastMentionAt: m.CreatedAt,
		CreatedAt: now, UpdatedAt: now,
	}
	acct, err := c.accountOf(ctx, k, contactID)
	if err != nil {
		return err
	}
	k.Priority, k.PriorityReasons = priorityOf(m, acct)
	if err := c.boost(ctx, k); err != nil {
		return err
	}
	tier := ""
	if acct != nil {
		tier = acct.Tier
	}
	pol, cal := c.pols.Load().Match(k.Channel, k.Priority, tier)
	clock{pol, cal}.start(k, opened, c.conf.SLA.For(k.Channel))
	clock{pol, cal}.refresh(k, now)
	if err := c.store.SaveCase(ctx, k); err != nil {
		return err
	}
	c.metrics.opened.WithLabelValues(c.metrics.channel(k.Channel), k.Kind).Inc()
	c.log.Debug("case opened", "case_id", k.ID, "mention_id", m.ID, "due_at", k.DueAt)
	return nil
}

// attach adds a follow-up mention to an active case. The customer writing
// after the brand answered makes the case open again, due anew.
func (c *Cases) attach(ctx context.Context, k *socialcrm.Case, m *socialcrm.Mention) error {
	newer := m.CreatedAt.After(k.LastMentionAt)
	if len(k.Mentions) >= socialcrm.MaxCaseMentions && !newer {
		return nil // an old follow-up of a long case: its place is taken
	}
	k.Mentions = append(k.Mentions, m.ID)
	if n := len(k.Mentions); n > socialcrm.MaxCaseMentions {
		k.Mentions = append(k.Mentions[:1], k.Mentions[n-socialcrm.MaxCaseMentions+1:]...)
	}
	k.MentionCount++
	if newer {
		k.LastMentionAt, k.LastSubject = m.CreatedAt, subject(m.Text)
	}
	if kind := caseKind(m); kind == socialcrm.CaseComplaint && k.Kind != kind {
		k.OpenedKind, k.Kind = k.Kind, kind
	}
	now := c.conf.Now()
	if k.Status == socialcrm.CaseAnswered && (k.LastResponseAt == nil || m.CreatedAt.After(*k.LastResponseAt)) {
		k.Status = socialcrm.CaseOpen
		c.clockOf(k).customerWrote(k, earlier(m.CreatedAt, now), c.conf.SLA.For(k.Channel))
	}
	k.UpdatedAt = now
	return c.store.SaveCase(ctx, k)
}

// earlier returns the earlier of two times: a case opened by a mention
// stamped in the future is opened now.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// accountOf sets the account of a case opened for contactID and returns
// it (nil without one).
func (c *Cases) accountOf(ctx context.Context, k *socialcrm.Case, contactID string) (*socialcrm.Account, error) {
	if contactID == "" {
		return nil, nil
	}
	ct, err := c.store.FindContactByID(ctx, contactID)
	if errors.Is(err, socialcrm.ErrNotFound) || err == nil && ct.AccountID == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	k.AccountID = ct.AccountID
	a, err := c.store.FindAccountByID(ctx, ct.AccountID)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil, nil
	}
	return a, err
}

// clockOf returns the policy and calendar of a case's targets: its own
// policy, or for a case saved before policies the one that matches it.
func (c *Cases) clockOf(k *socialcrm.Case) clock {
	p := c.pols.Load()
	if k.Policy == "" {
		pol, cal := p.Match(k.Channel, k.Priority, "")
		return clock{pol, cal}
	}
	pol, cal := p.ByID(k.Policy)
	return clock{pol, cal}
}

// SetPolicies replaces the policies of cases opened from now on.
func (c *Cases) SetPolicies(p *Policies) { c.pols.Store(p) }

// Policies returns the policies in force.
func (c *Cases) Policies() *Policies { return c.pols.Load() }

// HasCalendar reports whether the SLA calendar name is configured.
func (c *Cases) HasCalendar(name string) bool { return c.pols.Load().HasCalendar(name) }

// boost raises a new case's priority by its contact's segments.
func (c *Cases) boost(ctx context.Context, k *socialcrm.Case) error {
	if c.conf.Boost == nil || k.ContactID == "" {
		return nil
	}
	b, err := c.conf.Boost(ctx, k.ContactID)
	if err != nil {
		return err
	}
	if raised := RaisePriority(k.Priority, b); raised != k.Priority {
		k.Priority = raised
		k.PriorityReasons = append(k.PriorityReasons, fmt.Sprintf("segment boost %d", b))
	}
	return nil
}
