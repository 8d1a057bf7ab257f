package crm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// caseFixture is Cases over a memory store holding contact c1 of account
// acc1, with a clock the test moves.
type caseFixture struct {
	cases *crm.Cases
	store *memory.Store
	reg   *prometheus.Registry
	now   time.Time
}

func newCaseFixture(t *testing.T, change func(*crm.CaseConfig)) *caseFixture {
	t.Helper()
	fx := &caseFixture{store: memory.New(), reg: prometheus.NewRegistry(), now: t0}
	t.Cleanup(func() { fx.store.Close() })
	ctx := context.Background()
	if err := fx.store.SaveContacts(ctx, &socialcrm.Contact{ID: "c1", Name: "Alice", AccountID: "acc1",
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "alice"}, {Network: "x", Handle: "alice"}}}); err != nil {
		t.Fatal(err)
	}
	conf := crm.DefaultCaseConfig()
	conf.Now = func() time.Time { return fx.now }
	conf.BrandAccounts = map[string]string{"mastodon:skywayair": "skyway", "x:skywayair": "skyway"}
	if change != nil {
		change(&conf)
	}
	var err error
	fx.cases, err = crm.NewCases(conf, fx.store, nil, fx.reg)
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// scored returns a scored mention of skyway on source by author, linked to
// contacts, with intent and label, written ago before the fixture's now.
func (fx *caseFixture) scored(id, source, author, text, intent, label string, ago time.Duration, contacts ...string) *socialcrm.Mention {
	return &socialcrm.Mention{V: 1, ID: source + ":" + id, Source: source, Brand: "skyway", Kind: socialcrm.KindPost,
		Author: socialcrm.Author{Handle: author}, Text: text, CreatedAt: fx.now.Add(-ago), Intent: intent,
		Sentiment: &socialcrm.Sentiment{Label: label}, Contacts: contacts}
}

func (fx *caseFixture) observe(t *testing.T, ms ...*socialcrm.Mention) {
	t.Helper()
	if err := fx.cases.Observe(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

func (fx *caseFixture) all(t *testing.T) []*socialcrm.Case {
	t.Helper()
	cs, _, err := fx.store.FindCases(context.Background(), socialcrm.CaseFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func (fx *caseFixture) one(t *testing.T) *socialcrm.Case {
	t.Helper()
	cs := fx.all(t)
	if len(cs) != 1 {
		t.Fatalf("%d cases, want 1: %+v", len(cs), cs)
	}
	return cs[0]
}

func TestSLA(t *testing.T) {
	s := crm.DefaultSLA()
	for ch, want := range map[string]time.Duration{"x": time.Hour, "mastodon": 4 * time.Hour, "bluesky": 4 * time.Hour, "somewhere": 24 * time.Hour} {
		if got := s.For(ch); got != want {
			t.Errorf("For(%s) = %v, want %v", ch, got, want)
		}
	}
	t.Run("Parse", func(t *testing.T) {
		got, err := crm.ParseSLA(" x=30m, Reddit=2d ,default=48h", s)
		if err != nil {
			t.Fatal(err)
		}
		for ch, want := range map[string]time.Duration{"x": 30 * time.Minute, "reddit": 48 * time.Hour, "mastodon": 4 * time.Hour, "other": 48 * time.Hour} {
			if d := got.For(ch); d != want {
				t.Errorf("parsed For(%s) = %v, want %v", ch, d, want)
			}
		}
		if s.For("x") != time.Hour {
			t.Error("ParseSLA changed its base")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, spec := range []string{"x", "x=soon", "x=-1h", "=1h", "default=0s", "x=1.5d"} {
			if _, err := crm.ParseSLA(spec, s); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("ParseSLA(%q) error = %v, want ErrInvalid", spec, err)
			}
		}
	})
}

func TestCases_Open(t *testing.T) {
	fx := newCaseFixture(t, nil)
	m := fx.scored("1", "mastodon", "alice", "they lost my luggage", socialcrm.IntentComplaint, socialcrm.Negative, 10*time.Minute, "c1")
	fx.observe(t, m)
	k := fx.one(t)
	want := &socialcrm.Case{ID: "case-mastodon:1", Key: socialcrm.CaseKey("skyway", "mastodon", "contact:c1"),
		Brand: "skyway", Channel: "mastodon", ContactID: "c1", AccountID: "acc1", Author: "mastodon:alice",
		Kind: socialcrm.CaseComplaint, Status: socialcrm.CaseOpen, Subject: "they lost my luggage",
		Mentions: []string{"mastodon:1"}, MentionCount: 1, OpenedAt: m.CreatedAt, LastMentionAt: m.CreatedAt,
		DueAt: m.CreatedAt.Add(4 * time.Hour), CreatedAt: t0, UpdatedAt: t0,
		Priority: socialcrm.PriorityNormal, PriorityReasons: []string{"complaint"}, Policy: "channel-mastodon", Targets: []socialcrm.SLATarget{{
			Name: socialcrm.TargetFirstResponse, Seconds: 4 * 3600, StartAt: m.CreatedAt,
			DueAt: ptr(m.CreatedAt.Add(4 * time.Hour)), Status: socialcrm.TargetActive}}}
	if fmt.Sprintf("%+v", k) != fmt.Sprintf("%+v", want) {
		t.Errorf("case =\n%+v\nwant\n%+v", k, want)
	}
	if got := metric(t, fx.reg, "socialcrm_cases_opened_total"); got != 1 {
		t.Errorf("opened_total = %v, want 1", got)
	}
}

func TestCases_Rule(t *testing.T) {
	for _, tc := range []struct {
		name         string
		text, intent string
		label        string
		kind         socialcrm.InteractionKind
		source       string
		contacts     []string
		target       string
		ago          time.Duration
		contactsOnly bool
		want         string // kind of the case, "" for none
	}{
		{name: "ContactQuestion", text: "when is boarding?", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral, contacts: []string{"c1"}, want: socialcrm.CaseQuestion},
		{name: "ContactChurn", text: "switching airlines", intent: socialcrm.IntentChurn, label: socialcrm.Negative, contacts: []string{"c1"}, want: socialcrm.CaseComplaint},
		{name: "ContactNegativeOther", text: "ugh", intent: socialcrm.IntentOther, label: socialcrm.Negative, contacts: []string{"c1"}, want: socialcrm.CaseComplaint},
		{name: "ContactPraise", text: "great crew", intent: socialcrm.IntentPraise, label: socialcrm.Positive, contacts: []string{"c1"}},
		{name: "ContactNeutralOther", text: "flying today", intent: socialcrm.IntentOther, label: socialcrm.Neutral, contacts: []string{"c1"}},
		{name: "ContactShare", text: "lost luggage", intent: socialcrm.IntentComplaint, label: socialcrm.Negative, kind: socialcrm.KindShare, contacts: []string{"c1"}},
		{name: "AddressedByHandle", text: "@SkywayAir is my flight on time?", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral, want: socialcrm.CaseQuestion},
		{name: "AddressedByBrand", text: "@skyway where is my bag", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral, want: socialcrm.CaseQuestion},
		{name: "AddressedByReply", text: "still waiting", intent: socialcrm.IntentComplaint, label: socialcrm.Negative, kind: socialcrm.KindReply, target: "@skywayair", want: socialcrm.CaseComplaint},
		{name: "OtherHandle", text: "@skywayairfans is the flight on time?", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral},
		{name: "NotAddressed", text: "is skyway any good?", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral},
		{name: "ContactsOnly", text: "@skywayair where is my bag?", intent: socialcrm.IntentQuestion, label: socialcrm.Neutral, contactsOnly: true},
		{name: "TooOld", text: "lost my bag", intent: socialcrm.IntentComplaint, label: socialcrm.Negative, contacts: []string{"c1"}, ago: 80 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newCaseFixture(t, func(c *crm.CaseConfig) { c.ContactsOnly = tc.contactsOnly })
			m := fx.scored("1", "x", "bob", tc.text, tc.intent, tc.label, tc.ago, tc.contacts...)
			if tc.kind != "" {
				m.Kind = tc.kind
			}
			m.Target = tc.target
			fx.observe(t, m)
			cs := fx.all(t)
			switch {
			case tc.want == "" && len(cs) != 0:
				t.Errorf("opened %+v, want no case", cs[0])
			case tc.want != "" && (len(cs) != 1 || cs[0].Kind != tc.want):
				t.Errorf("cases %+v, want one %s", cs, tc.want)
			case tc.want != "" && !cs[0].DueAt.Equal(m.CreatedAt.Add(time.Hour)):
				t.Errorf("due %v, want an hour after %v (x)", cs[0].DueAt, m.CreatedAt)
			}
		})
	}
}

func TestCases_Attach(t *testing.T) {
	fx := newCaseFixture(t, nil)
	first := fx.scored("1", "mastodon", "alice", "lost my luggage", socialcrm.IntentComplaint, socialcrm.Negative, time.Hour, "c1")
	again := fx.scored("2", "mastodon", "alice", "anyone there?", socialcrm.IntentQuestion, socialcrm.Neutral, 30*time.Minute, "c1")
	otherChannel := fx.scored("3", "x", "alice", "lost my luggage", socialcrm.IntentComplaint, socialcrm.Negative, 20*time.Minute, "c1")
	stranger := fx.scored("4", "mastodon", "bob", "@skywayair lost my luggage too", socialcrm.IntentComplaint, socialcrm.Negative, 10*time.Minute)
	fx.observe(t, first, again, otherChannel, stranger)
	fx.observe(t, again, first, stranger) // redelivery changes nothing
	cs := fx.all(t)
	if len(cs) != 3 {
		t.Fatalf("%d cases, want 3 (contact on mastodon, contact on x, stranger): %+v", len(cs), cs)
	}
	k, err := fx.store.FindCaseByID(context.Background(), "case-mastodon:1")
	if err != nil {
		t.Fatal(err)
	}
	if k.MentionCount != 2 || len(k.Mentions) != 2 || k.Mentions[1] != again.ID || !k.LastMentionAt.Equal(again.CreatedAt) {
		t.Errorf("case after a follow-up: mentions %v, count %d, last %v", k.Mentions, k.MentionCount, k.LastMentionAt)
	}
	if !k.DueAt.Equal(first.CreatedAt.Add(4*time.Hour)) || k.Kind != socialcrm.CaseComplaint {
		t.Errorf("a follow-up to an open case changed its due time or kind: %v, %s", k.DueAt, k.Kind)
	}
	s, err := fx.store.FindCaseByID(context.Background(), "case-mastodon:4")
	if err != nil || s.ContactID != "" || s.Key != socialcrm.CaseKey("skyway", "mastodon", "author:mastodon:bob") {
		t.Errorf("stranger's case = %+v, %v", s, err)
	}
}

func TestCases_Lifecycle(t *testing.T) {
	ctx := context.Background()
	fx := newCaseFixture(t, nil)
	first := fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1")
	fx.observe(t, first)
	id := "case-x:1"

	fx.now = t0.Add(20 * time.Minute)
	k, err := fx.cases.AssignCase(ctx, id, "sam")
	if err != nil || k.Assignee != "sam" {
		t.Fatalf("AssignCase = %+v, %v", k, err)
	}
	fx.now = t0.Add(30 * time.Minute)
	k, err = fx.cases.RespondCase(ctx, id, "kim")
	if err != nil {
		t.Fatal(err)
	}
	if k.Status != socialcrm.CaseAnswered || k.FirstResponseAt == nil || !k.FirstResponseAt.Equal(fx.now) || k.Breached || k.Assignee != "sam" {
		t.Errorf("after a response in time: %+v", k)
	}

	// The customer writes again: open, due an hour (x) after.
	fx.now = t0.Add(50 * time.Minute)
	followUp := fx.scored("2", "x", "alice", "still no bag", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1")
	fx.observe(t, followUp)
	k = fx.one(t)
	if k.Status != socialcrm.CaseOpen || !k.DueAt.Equal(followUp.CreatedAt.Add(time.Hour)) || !k.FirstResponseAt.Equal(t0.Add(30*time.Minute)) {
		t.Errorf("after a follow-up to an answered case: status %s, due %v, first response %v", k.Status, k.DueAt, k.FirstResponseAt)
	}

	// Answered late: breached.
	fx.now = t0.Add(2 * time.Hour)
	if k, err = fx.cases.RespondCase(ctx, id, ""); err != nil || !k.Breached || k.Status != socialcrm.CaseAnswered {
		t.Errorf("after a late response: %+v, %v", k, err)
	}
	if got := metric(t, fx.reg, "socialcrm_cases_sla_breaches_total"); got != 1 {
		t.Errorf("breaches = %v, want 1", got)
	}

	if k, err = fx.cases.ResolveCase(ctx, id, "kim"); err != nil || k.Status != socialcrm.CaseResolved || k.ResolvedAt == nil {
		t.Fatalf("ResolveCase = %+v, %v", k, err)
	}
	if again, err := fx.cases.ResolveCase(ctx, id, "kim"); err != nil || !again.ResolvedAt.Equal(*k.ResolvedAt) {
		t.Errorf("resolving again = %+v, %v; want it unchanged", again, err)
	}
	for name, f := range map[string]func() (*socialcrm.Case, error){
		"Assign":  func() (*socialcrm.Case, error) { return fx.cases.AssignCase(ctx, id, "x") },
		"Respond": func() (*socialcrm.Case, error) { return fx.cases.RespondCase(ctx, id, "x") },
	} {
		if _, err := f(); !errors.Is(err, socialcrm.ErrConflict) {
			t.Errorf("%s on a resolved case: %v, want ErrConflict", name, err)
		}
	}

	// After resolution the customer's next mention opens a new case, and
	// the old one cannot be reopened while the new one is active.
	fx.now = t0.Add(3 * time.Hour)
	fx.observe(t, fx.scored("3", "x", "alice", "new problem: seat broken", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
	if cs := fx.all(t); len(cs) != 2 {
		t.Fatalf("%d cases after a mention following resolution, want 2", len(cs))
	}
	if _, err := fx.cases.ReopenCase(ctx, id, ""); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("ReopenCase with another case active: %v, want ErrConflict", err)
	}
	if _, err := fx.cases.ReopenCase(ctx, "case-x:3", ""); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("ReopenCase of an open case: %v, want ErrConflict", err)
	}
	if _, err := fx.cases.ResolveCase(ctx, "case-x:3", ""); err != nil {
		t.Fatal(err)
	}
	k, err = fx.cases.ReopenCase(ctx, id, "")
	if err != nil || k.Status != socialcrm.CaseOpen || k.ResolvedAt != nil || !k.DueAt.Equal(fx.now.Add(time.Hour)) {
		t.Errorf("ReopenCase = %+v, %v", k, err)
	}
	if _, err := fx.cases.RespondCase(ctx, "nope", ""); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("RespondCase(unknown) = %v, want ErrNotFound", err)
	}
}

func TestCases_Sweep(t *testing.T) {
	ctx := context.Background()
	fx := newCaseFixture(t, nil)
	fx.observe(t,
		fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"),
		fx.scored("2", "mastodon", "bob", "@skywayair refund please?", socialcrm.IntentQuestion, socialcrm.Neutral, 0),
		fx.scored("3", "webchat", "carol", "@skywayair rude staff", socialcrm.IntentComplaint, socialcrm.Negative, 0))
	fx.now = t0.Add(90 * time.Minute) // x (1 h) is overdue, mastodon (4 h) and webchat (24 h) are not
	if err := fx.cases.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if err := fx.cases.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	breached, _, err := fx.store.FindCases(ctx, socialcrm.CaseFilter{Breached: ptr(true)})
	if err != nil || len(breached) != 1 || breached[0].ID != "case-x:1" {
		t.Fatalf("breached cases = %+v, %v; want case-x:1", breached, err)
	}
	for name, want := range map[string]float64{
		`socialcrm_cases_sla_breaches_total{channel="x"}`: 1,
		`socialcrm_cases_open{channel="x"}`:               1,
		`socialcrm_cases_overdue{channel="x"}`:            1,
		`socialcrm_cases_open{channel="mastodon"}`:        1,
		`socialcrm_cases_overdue{channel="mastodon"}`:     0,
		`socialcrm_cases_open{channel="other"}`:           1,
	} {
		if got := metric(t, fx.reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

func TestCases_Concurrent(t *testing.T) {
	fx := newCaseFixture(t, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		m := fx.scored(fmt.Sprint(i), "x", "alice", "bag?", socialcrm.IntentQuestion, socialcrm.Neutral, time.Duration(i)*time.Second, "c1")
		wg.Go(func() {
			if err := fx.cases.Observe(context.Background(), []*socialcrm.Mention{m}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if k := fx.one(t); k.MentionCount != 8 || len(k.Mentions) != 8 {
		t.Errorf("one case with %d mentions (count %d), want 8", len(k.Mentions), k.MentionCount)
	}
}

func ptr[T any](v T) *T { return &v }

// metric returns the sum of the samples of a metric in reg, of those with
// the given labels when name is written name{label="value",…}.
func metric(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	base, want, _ := strings.Cut(strings.TrimSuffix(name, "}"), "{")
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != base {
			continue
		}
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			if want != "" && !strings.Contains(strings.Join(labels, ","), want) {
				continue
			}
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}
