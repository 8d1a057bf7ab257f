package crm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
)

// privacyFixture is a memory store and graph holding Alice (two
// identities, 1200 mentions of her own, one mention under her native ID
// with another handle), Bob, a mention of Bob's linked to both, her case,
// a stranger's case opened by her bluesky handle, and an alert listing her.
type privacyFixture struct {
	st    *memory.Store
	g     *graph.Graph
	p     *crm.Privacy
	alice *socialcrm.Contact
}

const aliceMentions = 1200

func newPrivacyFixture(t *testing.T) *privacyFixture {
	t.Helper()
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	alice := &socialcrm.Contact{ID: "c-alice", Name: "Alice Martin", Email: "alice@example.com", AccountID: "acc-1",
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "alice@example.social", NativeID: "109001"},
			{Network: "bluesky", Handle: "alice.bsky.social"}}}
	bob := &socialcrm.Contact{ID: "c-bob", Name: "Bob", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "bob"}}}
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Northwind"}))
	must(t, st.SaveContacts(ctx, alice, bob))
	var ms []*socialcrm.Mention
	for i := range aliceMentions {
		ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("mastodon:a%d", i), Source: "mastodon", Brand: "acme",
			Author: socialcrm.Author{ID: "109001", Handle: "alice@example.social"}, Text: "hello @acme",
			CreatedAt: t0.Add(time.Duration(i) * time.Second), Contacts: []string{"c-alice"},
			Sentiment: &socialcrm.Sentiment{Label: socialcrm.Neutral}})
	}
	ms = append(ms,
		// Her native ID under a handle she renamed: linked, and hers.
		&socialcrm.Mention{V: 1, ID: "mastodon:renamed", Source: "mastodon", Brand: "acme",
			Author: socialcrm.Author{ID: "109001", Handle: "alice_old@example.social"}, Text: "old name",
			CreatedAt: t0.Add(-time.Hour), Contacts: []string{"c-alice"}},
		// Her bluesky identity, not linked (written before she was a contact).
		&socialcrm.Mention{V: 1, ID: "bluesky:1", Source: "bluesky", Brand: "acme",
			Author: socialcrm.Author{Handle: "alice.bsky.social"}, Text: "unlinked", CreatedAt: t0.Add(-2 * time.Hour)},
		// Bob's, linked to both.
		&socialcrm.Mention{V: 1, ID: "mastodon:bob1", Source: "mastodon", Brand: "acme",
			Author: socialcrm.Author{Handle: "bob"}, Text: "me and @alice@example.social", CreatedAt: t0,
			Contacts: []string{"c-bob", "c-alice"}})
	must(t, st.SaveMentions(ctx, ms...))
	opened := t0.Add(-time.Hour)
	for _, c := range []*socialcrm.Case{
		{ID: "case-1", Key: socialcrm.CaseKey("acme", "mastodon", "c-alice"), Brand: "acme", Channel: "mastodon",
			ContactID: "c-alice", Author: "mastodon:alice@example.social", Kind: socialcrm.CaseComplaint, Status: socialcrm.CaseOpen,
			Mentions: []string{"mastodon:a1"}, OpenedAt: opened, DueAt: opened.Add(time.Hour)},
		{ID: "case-2", Key: socialcrm.CaseKey("acme", "bluesky", "bluesky:alice.bsky.social"), Brand: "acme", Channel: "bluesky",
			Author: "bluesky:alice.bsky.social", Kind: socialcrm.CaseQuestion, Status: socialcrm.CaseOpen,
			Mentions: []string{"bluesky:1"}, OpenedAt: opened, DueAt: opened.Add(time.Hour)},
		{ID: "case-3", Key: socialcrm.CaseKey("acme", "mastodon", "c-bob"), Brand: "acme", Channel: "mastodon",
			ContactID: "c-bob", Author: "mastodon:bob", Kind: socialcrm.CaseQuestion, Status: socialcrm.CaseOpen,
			Mentions: []string{"mastodon:bob1"}, OpenedAt: opened, DueAt: opened.Add(time.Hour)},
	} {
		must(t, st.SaveCase(ctx, c))
	}
	must(t, st.SaveAlert(ctx, &socialcrm.Alert{ID: "al-1", Brand: "acme", Start: t0, Contacts: []string{"c-alice", "c-bob"},
		Authors: []string{"mastodon:alice@example.social", "mastodon:bob"}, Mentions: []string{"mastodon:a1", "mastodon:bob1"}}))
	must(t, st.SaveAlert(ctx, &socialcrm.Alert{ID: "al-2", Brand: "acme", Start: t0.Add(time.Hour), Contacts: []string{"c-bob"}}))

	g, err := graph.New(graph.DefaultConfig(), nil, nil)
	must(t, err)
	must(t, g.Add(
		socialcrm.Interaction{V: 1, From: "mastodon:alice@example.social", To: "mastodon:bob", Kind: socialcrm.KindReply, At: t0},
		socialcrm.Interaction{V: 1, From: "mastodon:bob", To: "mastodon:alice@example.social", Kind: socialcrm.KindReply, At: t0},
		socialcrm.Interaction{V: 1, From: "mastodon:bob", To: "mastodon:carol", Kind: socialcrm.KindLike, At: t0}))
	return &privacyFixture{st: st, g: g, p: crm.NewPrivacy(st, g, crm.NewErased(st, 0)), alice: alice}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPrivacy_Export(t *testing.T) {
	fx := newPrivacyFixture(t)
	x, err := fx.p.ExportContact(context.Background(), "c-alice")
	must(t, err)
	if x.Contact.Email != "alice@example.com" || x.Account == nil || x.Account.Name != "Northwind" || len(x.Identities) != 2 {
		t.Errorf("record = %+v, account %+v", x.Contact, x.Account)
	}
	// All of them, past any page size: hers, the renamed one, the unlinked
	// bluesky one and Bob's that lists her.
	if want := aliceMentions + 3; len(x.Mentions) != want {
		t.Errorf("exported %d mentions, want %d", len(x.Mentions), want)
	}
	for i := 1; i < len(x.Mentions); i++ {
		if x.Mentions[i].CreatedAt.After(x.Mentions[i-1].CreatedAt) {
			t.Fatalf("mentions not newest first at %d", i)
		}
	}
	if len(x.Cases) != 2 || len(x.Alerts) != 1 || x.Alerts[0].ID != "al-1" {
		t.Errorf("cases %d (want 2), alerts %+v (want al-1)", len(x.Cases), x.Alerts)
	}
	if !x.Graph || len(x.Ties) != 1 || x.Ties[0].To != "mastodon:bob" {
		t.Errorf("ties = %+v (graph %v), want one to mastodon:bob", x.Ties, x.Graph)
	}
	if _, err := fx.p.ExportContact(context.Background(), "nope"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("unknown contact: %v, want ErrNotFound", err)
	}
}

func TestPrivacy_Erase(t *testing.T) {
	ctx := context.Background()
	fx := newPrivacyFixture(t)
	var told string
	fx.p.OnErased = func(c *socialcrm.Contact) { told = c.ID }
	rec, err := fx.p.EraseContact(ctx, "c-alice")
	must(t, err)
	want := socialcrm.Erasure{ContactID: "c-alice", ErasedAt: rec.ErasedAt, Identities: 2,
		MentionsDeleted: aliceMentions + 2, MentionsUnlinked: 1, CasesDeleted: 2, AlertsUnlinked: 1,
		GraphNodes: 1, GraphTies: 1, Graph: true, ContactDeleted: true}
	if *rec != want {
		t.Errorf("receipt = %+v\nwant      %+v", *rec, want)
	}
	if told != "c-alice" {
		t.Errorf("OnErased told of %q", told)
	}
	if _, err := fx.st.FindContactByID(ctx, "c-alice"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("contact still there: %v", err)
	}
	ms, total, err := fx.st.FindMentions(ctx, socialcrm.MentionFilter{Limit: 10})
	must(t, err)
	if total != 1 || ms[0].ID != "mastodon:bob1" || len(ms[0].Contacts) != 1 || ms[0].Contacts[0] != "c-bob" {
		t.Errorf("mentions left: %d, first %+v; want only Bob's, linked to Bob only", total, ms[0])
	}
	cs, _, err := fx.st.FindCases(ctx, socialcrm.CaseFilter{Limit: -1})
	must(t, err)
	if len(cs) != 1 || cs[0].ID != "case-3" {
		t.Errorf("cases left = %v, want Bob's", cs)
	}
	al, err := fx.st.FindAlertByID(ctx, "al-1")
	must(t, err)
	if fmt.Sprint(al.Contacts, al.Authors, al.Mentions) != "[c-bob] [mastodon:bob] [mastodon:bob1]" {
		t.Errorf("alert after = contacts %v, authors %v, mentions %v", al.Contacts, al.Authors, al.Mentions)
	}
	if st := fx.g.Stats(); st.Nodes != 2 || st.Pairs != 1 {
		t.Errorf("graph after = %+v, want bob and carol", st)
	}
	// Her identities are refused from now on, here and in other processes.
	other := crm.NewErased(fx.st, 0)
	must(t, other.Load(ctx))
	for _, m := range []*socialcrm.Mention{
		{Source: "mastodon", Author: socialcrm.Author{Handle: "Alice@Example.social"}},
		{Source: "mastodon", Author: socialcrm.Author{ID: "109001"}},
		{Source: "mastodon", Author: socialcrm.Author{ID: "109001", Handle: "new_name"}},
		{Source: "bluesky", Author: socialcrm.Author{Handle: "alice.bsky.social"}},
	} {
		if other.Keep(ctx, m) {
			t.Errorf("mention by %s %+v is kept", m.Source, m.Author)
		}
	}
	if !other.Keep(ctx, &socialcrm.Mention{Source: "mastodon", Author: socialcrm.Author{Handle: "bob"}}) {
		t.Error("Bob's mention is refused")
	}
	if _, err := fx.p.EraseContact(ctx, "c-alice"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("second erasure: %v, want ErrNotFound", err)
	}
}

// failingStore fails UnlinkAlerts while fail is set.
type failingStore struct {
	*memory.Store
	fail bool
}

func (s *failingStore) UnlinkAlerts(ctx context.Context, id string, authors, mentions []string) (int, error) {
	if s.fail {
		return 0, errors.New("disk on fire")
	}
	return s.Store.UnlinkAlerts(ctx, id, authors, mentions)
}

func TestPrivacy_EraseFailure(t *testing.T) {
	ctx := context.Background()
	fx := newPrivacyFixture(t)
	st := &failingStore{Store: fx.st, fail: true}
	p := crm.NewPrivacy(st, fx.g, crm.NewErased(st, 0))
	_, err := p.EraseContact(ctx, "c-alice")
	var ee *socialcrm.ErasureError
	if !errors.As(err, &ee) {
		t.Fatalf("error = %v, want an ErasureError", err)
	}
	if ee.Step != "alerts" || ee.Done.MentionsDeleted != 0 || ee.Done.CasesDeleted != 0 || ee.Done.ContactDeleted {
		t.Errorf("failure = step %q, done %+v", ee.Step, ee.Done)
	}
	if _, err := st.FindContactByID(ctx, "c-alice"); err != nil {
		t.Fatalf("contact gone after a failed step: %v", err)
	}
	// Running it again finishes the job.
	st.fail = false
	rec, err := p.EraseContact(ctx, "c-alice")
	must(t, err)
	if !rec.ContactDeleted || rec.AlertsUnlinked != 1 || rec.MentionsDeleted != aliceMentions+2 || rec.GraphNodes != 1 {
		t.Errorf("second run = %+v", rec)
	}
}

func TestErased_Reload(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	fe := &flakyErased{ErasedStore: st}
	worker := crm.NewErased(fe, time.Millisecond) // another process
	var told []string
	worker.OnAdded(func(_ context.Context, keys []string) { told = append(told, keys...) })
	must(t, worker.Load(ctx))
	m := &socialcrm.Mention{Source: "x", Author: socialcrm.Author{Handle: "Dora"}}
	if !worker.Keep(ctx, m) {
		t.Fatal("nothing erased yet, but the mention is refused")
	}
	must(t, crm.NewErased(st, 0).Add(ctx, "x:dora"))
	time.Sleep(5 * time.Millisecond)
	if worker.Keep(ctx, m) {
		t.Error("the worker keeps an erased author's mention after its reload period")
	}
	must(t, worker.Add(ctx, "x:erik"))
	if fmt.Sprint(told) != "[x:dora]" || fmt.Sprint(worker.Keys()) != "[x:dora x:erik]" {
		t.Errorf("OnAdded told %v (want the other process's x:dora only); keys %v", told, worker.Keys())
	}
	fe.fail = true
	if err := crm.NewErased(fe, 0).Load(ctx); err == nil {
		t.Error("Load from a failing store succeeded")
	}
	time.Sleep(5 * time.Millisecond)
	if worker.Keep(ctx, m) {
		t.Error("a failed reload forgot the erased set")
	}
}

// flakyErased fails FindErased while fail is set.
type flakyErased struct {
	socialcrm.ErasedStore
	fail bool
}

func (s *flakyErased) FindErased(ctx context.Context) ([]string, error) {
	if s.fail {
		return nil, errors.New("connection refused")
	}
	return s.ErasedStore.FindErased(ctx)
}
