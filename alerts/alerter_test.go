package alerts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/alerts/webhook"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/store/memory"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// receiver is an httptest webhook endpoint that checks signatures and
// keeps the alerts it gets.
type receiver struct {
	mu     sync.Mutex
	got    []socialcrm.Alert
	badSig int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !webhook.Verify([]byte("s3cret"), req.Header.Get(webhook.TimestampHeader), body, req.Header.Get(webhook.SignatureHeader)) {
		r.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var a socialcrm.Alert
	if err := json.Unmarshal(body, &a); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.got = append(r.got, a)
}

func (r *receiver) alerts() []socialcrm.Alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]socialcrm.Alert(nil), r.got...)
}

type fixture struct {
	t       *testing.T
	clock   *clock
	store   *memory.Store
	alerter *alerts.Alerter
	recv    *receiver
	reg     *prometheus.Registry
	n       int
	conf    alerts.Config
	notify  []socialcrm.Notifier
	save    bool // window saves its mentions to the store too

	pubMu     sync.Mutex
	published []string // statuses of published alert changes
}

func newFixture(t *testing.T, opts ...func(*alerts.Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: &clock{t: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}, store: memory.New(), recv: &receiver{}, reg: prometheus.NewRegistry()}
	ctx := context.Background()
	err := f.store.SaveAccounts(ctx,
		&socialcrm.Account{ID: "a-gold", Name: "Gold Co", Tier: socialcrm.TierGold, Value: 50000},
		&socialcrm.Account{ID: "a-silver", Name: "Silver Co", Tier: socialcrm.TierSilver, Value: 5000},
		&socialcrm.Account{ID: "a-plat", Name: "Platinum Co", Tier: socialcrm.TierPlatinum, Value: 900000})
	if err != nil {
		t.Fatal(err)
	}
	err = f.store.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-gold", Name: "Gill", AccountID: "a-gold", Identities: []socialcrm.Identity{{Network: "test", Handle: "gill"}}},
		&socialcrm.Contact{ID: "c-silver", Name: "Sam", AccountID: "a-silver", Identities: []socialcrm.Identity{{Network: "test", Handle: "sam"}}},
		&socialcrm.Contact{ID: "c-vip", Name: "Vera", AccountID: "a-plat", Identities: []socialcrm.Identity{{Network: "test", Handle: "bigboss"}}},
		&socialcrm.Contact{ID: "c-vip2", Name: "Vic", AccountID: "a-plat", Identities: []socialcrm.Identity{{Network: "test", Handle: "cfo"}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.recv)
	t.Cleanup(srv.Close)
	conf := alerts.DefaultConfig()
	conf.Now = f.clock.Now
	conf.Retry = fastRetry
	conf.Publish = func(_ context.Context, a *socialcrm.Alert) error {
		f.pubMu.Lock()
		defer f.pubMu.Unlock()
		f.published = append(f.published, a.Status)
		return nil
	}
	for _, o := range opts {
		o(&conf)
	}
	f.conf, f.notify = conf, []socialcrm.Notifier{webhook.New(srv.URL, "s3cret", nil)}
	a, err := alerts.New(conf, f.store, f.notify, nil, f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.alerter = a
	return f
}

// restart replaces the alerter with a new one on the same store, which
// restores its state as a restarted process does.
func (f *fixture) restart() {
	f.t.Helper()
	f.reg = prometheus.NewRegistry()
	a, err := alerts.New(f.conf, f.store, f.notify, nil, f.reg)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := a.Restore(context.Background()); err != nil {
		f.t.Fatal(err)
	}
	f.alerter = a
}

// window feeds one window of mentions for brand acme, then moves the
// clock past its end and ticks.
func (f *fixture) window(total, negative int, contacts ...string) {
	f.t.Helper()
	var ms []*socialcrm.Mention
	for i := range total {
		f.n++
		m := &socialcrm.Mention{V: 1, ID: fmt.Sprintf("test:%d", f.n), Source: "test", Brand: "acme", Text: "t", Kind: socialcrm.KindPost,
			Author:    socialcrm.Author{Handle: fmt.Sprintf("user%d", f.n%50), Followers: 10 + f.n%7},
			CreatedAt: f.clock.Now(), Sentiment: &socialcrm.Sentiment{Label: socialcrm.Neutral}}
		if i < negative {
			m.Sentiment.Label = socialcrm.Negative
			m.Topics = []string{"delivery", "refund"}
			if i < len(contacts) {
				m.Contacts = []string{contacts[i]}
				m.Author.Followers = 5000 + i
			}
		}
		ms = append(ms, m)
	}
	if f.save {
		if err := f.store.SaveMentions(context.Background(), ms...); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := f.alerter.Observe(context.Background(), ms); err != nil {
		f.t.Fatal(err)
	}
	f.clock.Add(5 * time.Minute)
	if err := f.alerter.Tick(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// quiet feeds n ordinary windows: about one mention in five negative.
func (f *fixture) quiet(n int) {
	for i := range n {
		f.window(10+i%4, 1+i%3)
	}
}

func (f *fixture) stored(status string) []*socialcrm.Alert {
	f.t.Helper()
	as, _, err := f.store.FindAlerts(context.Background(), socialcrm.AlertFilter{Status: &status})
	if err != nil {
		f.t.Fatal(err)
	}
	return as
}

// The authors' influence in the relationship graph weighs their reach:
// an influential author with few followers ranks among the first.
func TestAlerter_Influence(t *testing.T) {
	burst := func(f *fixture) *socialcrm.Alert {
		f.quiet(3 * 288)
		for range 2 {
			f.window(45, 40, "c-silver", "c-gold")
		}
		firing := f.stored(socialcrm.AlertFiring)
		if len(firing) != 1 {
			t.Fatalf("%d firing alerts, want 1", len(firing))
		}
		return firing[0]
	}
	plain := burst(newFixture(t))
	influential := burst(newFixture(t, func(c *alerts.Config) {
		c.Influence = func(key string) float64 {
			if key == "test:user3" {
				return 500 // capped at 10 times the followers
			}
			return 0.2 // below average: counts as 1
		}
	}))
	// First come the two authors of the contacts' mentions (5,000
	// followers) of the window that fired (a twentyfold burst fires at
	// once), then user3 (ten times its 10-16 followers).
	if i := slices.Index(influential.Authors, "test:user3"); i != 2 {
		t.Errorf("authors %v: want test:user3 third, after the contacts' two", influential.Authors)
	}
	if i := slices.Index(plain.Authors, "test:user3"); i == 2 {
		t.Errorf("without influence, authors %v: test:user3 is third already", plain.Authors)
	}
	if influential.Reach <= plain.Reach {
		t.Errorf("reach %v with an influential author, %v without: want more", influential.Reach, plain.Reach)
	}
}

func TestAlerter_Burst(t *testing.T) {
	f := newFixture(t)
	f.quiet(3 * 288) // three ordinary days: past the warm-up
	if _, got, err := f.store.FindAlerts(context.Background(), socialcrm.AlertFilter{}); err != nil || got != 0 {
		t.Fatalf("ordinary days raised %d alerts", got)
	}
	for range 2 {
		f.window(45, 40, "c-silver", "c-gold")
	}
	if n := len(f.stored(socialcrm.AlertFiring)); n != 1 {
		t.Fatalf("%d firing alerts at the tick after the burst's second window closed, want 1", n)
	}
	for range 2 { // ten more minutes of complaints
		f.window(45, 40, "c-silver", "c-gold")
	}
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 {
		t.Fatalf("burst: %d firing alerts, want 1: %+v", len(firing), firing)
	}
	a := firing[0]
	if a.Brand != "acme" || a.Topic != "" || a.Reason != socialcrm.ReasonSpike {
		t.Errorf("alert is for %q/%q (%s), want acme brand-wide spike", a.Brand, a.Topic, a.Reason)
	}
	if diff := cmp.Diff([]string{"c-gold", "c-silver"}, a.Contacts); diff != "" {
		t.Errorf("contacts, most valuable first (-want +got):\n%s", diff)
	}
	if len(a.Mentions) == 0 || len(a.Mentions) > alerts.DefaultConfig().Sample || a.Observed < 40 || a.Expected > 5 {
		t.Errorf("alert carries %d mentions, observed %v expected %v", len(a.Mentions), a.Observed, a.Expected)
	}
	if !strings.HasPrefix(a.MentionsLink, "/api/v1/mentions?brand=acme&") {
		t.Errorf("mentions link = %q", a.MentionsLink)
	}
	if len(a.Themes) < 2 || a.Themes[0] != "delivery" || a.Themes[1] != "refund" {
		t.Errorf("themes = %v, want delivery and refund first", a.Themes)
	}
	got := f.recv.alerts()
	if len(got) != 1 || got[0].ID != a.ID || got[0].Status != socialcrm.AlertFiring {
		t.Fatalf("webhook got %d deliveries, want the firing alert once: %+v", len(got), got)
	}
	if len(a.Deliveries) != 1 || !a.Deliveries[0].OK {
		t.Errorf("deliveries on the alert = %+v", a.Deliveries)
	}

	f.quiet(12) // an ordinary hour
	if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
		t.Fatalf("%d alerts still firing after the burst ended", n)
	}
	resolved := f.stored(socialcrm.AlertResolved)
	if len(resolved) != 1 || resolved[0].ID != a.ID {
		t.Fatalf("resolved alerts = %+v, want %s", resolved, a.ID)
	}
	got = f.recv.alerts()
	if len(got) != 2 || got[1].Status != socialcrm.AlertResolved {
		t.Errorf("webhook got %d deliveries, want firing then resolved", len(got))
	}
	if diff := cmp.Diff([]string{socialcrm.AlertFiring, socialcrm.AlertResolved}, f.published); diff != "" {
		t.Errorf("published alert changes (-want +got):\n%s", diff)
	}
	if f.recv.badSig != 0 {
		t.Errorf("%d deliveries had a bad signature", f.recv.badSig)
	}
	if v := counter(t, f.reg, "socialcrm_alerts_fired_total"); v != 1 {
		t.Errorf("fired metric = %v, want 1", v)
	}
}

// counter sums the samples of a counter family in reg.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() == name {
			for _, m := range mf.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

func vipMention(id string) *socialcrm.Mention {
	return &socialcrm.Mention{ID: id, Source: "test", Brand: "acme", Author: socialcrm.Author{Handle: "bigboss", Followers: 300},
		Text: "cancelling our contract", Contacts: []string{"c-vip"}, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative}}
}

func TestAlerter_VIP(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	second := vipMention("test:v2")
	second.Contacts = []string{"c-vip2"}
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1"), second}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Reason != socialcrm.ReasonVIP || firing[0].Severity != socialcrm.SeverityCritical || firing[0].Observed != 2 {
		t.Fatalf("VIP complaint: firing alerts = %+v, want one critical vip alert", firing)
	}
	if diff := cmp.Diff([]string{"c-vip", "c-vip2"}, firing[0].Contacts); diff != "" {
		t.Errorf("contacts (-want +got):\n%s", diff)
	}
	if got := f.recv.alerts(); len(got) != 1 {
		t.Errorf("webhook got %d deliveries, want 1", len(got))
	}

	t.Run("Ack", func(t *testing.T) {
		a, err := f.alerter.Ack(ctx, firing[0].ID, "pr-team")
		if err != nil || a.Status != socialcrm.AlertAcknowledged || a.AckedBy != "pr-team" {
			t.Fatalf("Ack = %+v, %v", a, err)
		}
		if a, err = f.alerter.Resolve(ctx, firing[0].ID, "pr-team"); err != nil || a.Status != socialcrm.AlertResolved {
			t.Fatalf("Resolve = %+v, %v", a, err)
		}
		if _, err := f.alerter.Ack(ctx, firing[0].ID, "x"); !errors.Is(err, socialcrm.ErrConflict) {
			t.Errorf("Ack of a resolved alert: err = %v, want ErrConflict", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := f.alerter.Ack(ctx, "nope", "x"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
		if err := f.alerter.DeleteSilence(ctx, "nope"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestAlerter_Silence(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, err := f.alerter.Silence(ctx, socialcrm.Silence{Brand: "acme", End: f.clock.Now().Add(time.Hour), Comment: "maintenance"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.alerter.Silence(ctx, socialcrm.Silence{Brand: "acme"}); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("silence without end: err = %v, want ErrInvalid", err)
	}
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1")}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.stored(socialcrm.AlertFiring)); n != 1 {
		t.Fatalf("silenced alert not stored: %d firing", n)
	}
	if got := f.recv.alerts(); len(got) != 0 {
		t.Errorf("silenced alert delivered %d times", len(got))
	}
	if got := f.alerter.Silences(); len(got) != 1 || got[0].ID != s.ID {
		t.Errorf("Silences() = %+v", got)
	}
	if err := f.alerter.DeleteSilence(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.alerter.Silences(); len(got) != 0 {
		t.Errorf("after delete, Silences() = %+v", got)
	}
}

// fastRetry retries a failed notification at the next Tick.
var fastRetry = backoff.Policy{Min: time.Millisecond, Max: time.Millisecond}

// A receiver that is down is retried with backoff for RetryFor, by the
// clock, without holding Tick up; the alert shows the attempts and, at the
// end, that its delivery failed. One that comes back within RetryFor gets
// the alert once.
func TestAlerter_RetryAndFailure(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	calls, down := 0, 1000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= down {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	run := func(t *testing.T, downFor int) (*fixture, *socialcrm.Alert, int, time.Duration) {
		mu.Lock()
		calls, down = 0, downFor
		mu.Unlock()
		f := newFixture(t)
		conf := alerts.DefaultConfig()
		conf.Now = f.clock.Now
		a, err := alerts.New(conf, f.store, []socialcrm.Notifier{webhook.New(srv.URL, "", nil)}, nil, prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1")}); err != nil {
			t.Fatal(err)
		}
		start := f.clock.Now()
		var al *socialcrm.Alert
		for i := range 200 {
			err := a.Tick(ctx)
			firing := f.stored(socialcrm.AlertFiring)
			if len(firing) != 1 {
				t.Fatalf("%d firing alerts, want 1", len(firing))
			}
			al = firing[0]
			if i == 0 && al.DeliveryStatus == socialcrm.DeliveryRetrying && err == nil {
				t.Fatal("Tick hid a failed delivery")
			}
			if al.DeliveryStatus != socialcrm.DeliveryRetrying && al.DeliveryStatus != socialcrm.DeliveryPending {
				break
			}
			f.clock.Add(10 * time.Second)
		}
		mu.Lock()
		defer mu.Unlock()
		return f, al, calls, f.clock.Now().Sub(start)
	}
	t.Run("GivesUp", func(t *testing.T) {
		_, al, n, took := run(t, 1000)
		t.Logf("receiver down: %d attempts over %s, then %s", n, took, al.DeliveryStatus)
		if al.DeliveryStatus != socialcrm.DeliveryFailed {
			t.Fatalf("delivery status %q, want failed", al.DeliveryStatus)
		}
		if took < 14*time.Minute || took > 16*time.Minute || n < 10 {
			t.Errorf("gave up after %d attempts over %s, want retries for about 15 minutes", n, took)
		}
		if len(al.Deliveries) != n || al.Deliveries[0].OK || al.Deliveries[0].Error == "" {
			t.Errorf("%d attempts recorded on the alert, want %d failures with their error", len(al.Deliveries), n)
		}
	})
	t.Run("Recovers", func(t *testing.T) {
		_, al, n, took := run(t, 4)
		t.Logf("receiver down for 4 attempts: delivered at attempt %d after %s", n, took)
		if al.DeliveryStatus != socialcrm.DeliveryDelivered || n != 5 {
			t.Fatalf("delivery status %q after %d attempts, want delivered at the 5th", al.DeliveryStatus, n)
		}
		if d := al.Deliveries[len(al.Deliveries)-1]; !d.OK {
			t.Errorf("last delivery %+v, want ok", d)
		}
	})
}

func TestAlerter_VIPAutoResolve(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1")}); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(30 * time.Minute)
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.stored(socialcrm.AlertFiring)); n != 1 {
		t.Fatalf("%d firing alerts after 30 quiet minutes, want 1", n)
	}
	f.clock.Add(31 * time.Minute)
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.stored(socialcrm.AlertResolved)); n != 1 {
		t.Fatalf("%d resolved alerts after a quiet hour, want 1", n)
	}
	got := f.recv.alerts()
	if len(got) != 2 || got[0].Status != socialcrm.AlertFiring || got[1].Status != socialcrm.AlertResolved {
		t.Errorf("webhook got %+v, want firing then resolved", got)
	}
}

// A fresh alerter, an hour into its run, still catches a burst: it compares
// with the last hours until it has earlier days.
func TestAlerter_BurstWhileWarmingUp(t *testing.T) {
	f := newFixture(t)
	f.quiet(12)
	if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
		t.Fatalf("an ordinary hour raised %d alerts", n)
	}
	for range 3 {
		f.window(45, 40, "c-gold")
	}
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Topic != "" || len(f.recv.alerts()) != 1 {
		t.Fatalf("burst an hour in: %d firing alerts, %d deliveries; want one of each", len(firing), len(f.recv.alerts()))
	}
}

func TestAlerter_Cap(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	conf := alerts.DefaultConfig()
	conf.Now, conf.MaxPerHour = f.clock.Now, 1
	srv := httptest.NewServer(f.recv)
	defer srv.Close()
	a, err := alerts.New(conf, f.store, []socialcrm.Notifier{webhook.New(srv.URL, "s3cret", nil)}, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, brand := range []string{"acme", "globex"} {
		m := vipMention("test:" + brand)
		m.Brand = brand
		if err := a.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.recv.alerts(); len(got) != 1 {
		t.Errorf("%d notifications within the hour, want the cap of 1", len(got))
	}
	firing := f.stored(socialcrm.AlertFiring)
	capped := 0
	for _, al := range firing {
		if len(al.Deliveries) == 1 && al.Deliveries[0].Notifier == "cap" && !al.Deliveries[0].OK {
			capped++
		}
	}
	if len(firing) != 2 || capped != 1 {
		t.Errorf("%d firing alerts, %d marked capped; want 2 and 1", len(firing), capped)
	}
}

// A brand's series can judge a burst once it has seen a few windows.
func TestAlerter_JudgesFrom(t *testing.T) {
	f := newFixture(t)
	start := f.clock.Now()
	w := alerts.DefaultParams().Window
	if got, seen := f.alerter.JudgesFrom("acme"); seen || !got.Equal(start.Truncate(w).Add(3*w)) {
		t.Errorf("unseen brand: judges from %v (seen %v), want %v and not seen", got, seen, start.Truncate(w).Add(3*w))
	}
	f.window(10, 2) // acme's series begins
	f.quiet(5)
	if got, seen := f.alerter.JudgesFrom("acme"); !seen || !got.Equal(start.Truncate(w).Add(3*w)) {
		t.Errorf("acme judges from %v (seen %v), want three windows after its first mention at %v", got, seen, start)
	}
	if got, _ := f.alerter.JudgesFrom("acme"); !got.Before(f.clock.Now()) {
		t.Errorf("after six windows acme judges from %v, not before now %v", got, f.clock.Now())
	}
}
