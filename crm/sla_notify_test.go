package crm_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/webhook"
	"github.com/socialcrm/socialcrm/crm"
)

// receiver is a webhook endpoint that records the SLA notices it gets and
// answers fail (500) while set.
type receiver struct {
	mu   sync.Mutex
	got  []socialcrm.Alert
	fail bool
	srv  *httptest.Server
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fail {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		var a socialcrm.Alert
		b, _ := io.ReadAll(req.Body)
		if err := json.Unmarshal(b, &a); err != nil || a.SLA == nil {
			t.Errorf("webhook body %s: %v, want an SLA notice", b, err)
		}
		r.got = append(r.got, a)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// notices returns "status role recipient" of each notice received.
func (r *receiver) notices() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, a := range r.got {
		out = append(out, a.SLA.Status+" "+a.SLA.Role+" "+a.SLA.Recipient)
	}
	return out
}

func notifyFixture(t *testing.T, r *receiver, silenced func(*socialcrm.Alert, time.Time) bool) *caseFixture {
	t.Helper()
	fx := newCaseFixture(t, func(c *crm.CaseConfig) {
		c.Notifiers = []socialcrm.Notifier{webhook.New(r.srv.URL, "secret", nil)}
		c.Silenced = silenced
	})
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fx.store.CreateUser(ctx, &socialcrm.User{ID: "u-sam", Email: "sam@example.com", Role: socialcrm.RoleAgent, Active: true, Teams: []string{"care"}}))
	must(fx.store.CreateUser(ctx, &socialcrm.User{ID: "u-sue", Email: "sue@example.com", Role: socialcrm.RoleAgent, Active: true}))
	must(fx.store.SaveTeam(ctx, &socialcrm.Team{ID: "care", Name: "Customer care", Supervisor: "u-sue"}))
	return fx
}

func sweepAt(t *testing.T, fx *caseFixture, now time.Time) {
	t.Helper()
	fx.now = now
	if err := fx.cases.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func wantNotices(t *testing.T, r *receiver, when string, want ...string) {
	t.Helper()
	got := r.notices()
	if len(got) != len(want) {
		t.Fatalf("%s: notices %q, want %q", when, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: notices %q, want %q", when, got, want)
		}
	}
}

// TestSLANotices: at risk tells the assignee once; missed tells the
// assignee and the team's supervisor once each, also after a restart; each
// notice is recorded on the case.
func TestSLANotices(t *testing.T) {
	r := newReceiver(t)
	fx := notifyFixture(t, r, nil)
	ctx := context.Background()
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	if _, err := fx.cases.AssignCase(ctx, "case-x:1", "u-sam"); err != nil {
		t.Fatal(err)
	}
	sweepAt(t, fx, t0.Add(47*time.Minute)) // 13 of 60 minutes left
	wantNotices(t, r, "with 13 minutes left")
	sweepAt(t, fx, t0.Add(49*time.Minute))
	sweepAt(t, fx, t0.Add(50*time.Minute))
	wantNotices(t, r, "at risk", "at_risk assignee u-sam")
	sweepAt(t, fx, t0.Add(61*time.Minute))
	sweepAt(t, fx, t0.Add(62*time.Minute))
	wantNotices(t, r, "missed", "at_risk assignee u-sam", "missed assignee u-sam", "missed supervisor u-sue")

	// A restart: a new Cases over the same store sends nothing again.
	again, err := crm.NewCases(crm.CaseConfig{SLA: crm.DefaultSLA(), Now: func() time.Time { return t0.Add(2 * time.Hour) },
		Notifiers: []socialcrm.Notifier{webhook.New(r.srv.URL, "", nil)}}, fx.store, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	wantNotices(t, r, "after a restart", "at_risk assignee u-sam", "missed assignee u-sam", "missed supervisor u-sue")

	k := fx.one(t)
	if len(k.Notices) != 3 {
		t.Fatalf("notices on the case = %+v, want 3", k.Notices)
	}
	for _, n := range k.Notices {
		if n.State != socialcrm.NoticeDelivered || n.SentAt == nil || n.Attempts != 1 || n.Target != socialcrm.TargetFirstResponse {
			t.Errorf("notice on the case = %+v, want delivered once", n)
		}
	}
	if got := metric(t, fx.reg, `socialcrm_cases_sla_notices_total{result="delivered",status="missed"}`); got != 2 {
		t.Errorf("delivered missed notices = %v, want 2", got)
	}
}

// TestSLANotices_Retry: a receiver that fails gets the notice again at
// the next sweep, and the case records the error until then.
func TestSLANotices_Retry(t *testing.T) {
	r := newReceiver(t)
	r.fail = true
	fx := notifyFixture(t, r, nil)
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	sweepAt(t, fx, t0.Add(50*time.Minute))
	k := fx.one(t)
	if len(k.Notices) != 1 || k.Notices[0].State != socialcrm.NoticePending || k.Notices[0].Attempts != 1 || k.Notices[0].Error == "" ||
		k.Notices[0].Role != socialcrm.RecipientUnassigned {
		t.Fatalf("notices after a failed delivery = %+v, want one pending to nobody in particular, with the error", k.Notices)
	}
	r.mu.Lock()
	r.fail = false
	r.mu.Unlock()
	sweepAt(t, fx, t0.Add(51*time.Minute))
	wantNotices(t, r, "after the receiver recovered", "at_risk unassigned ")
	if k := fx.one(t); k.Notices[0].State != socialcrm.NoticeDelivered || k.Notices[0].Attempts != 2 {
		t.Errorf("notice after the retry = %+v, want delivered at the second attempt", k.Notices[0])
	}
}

// TestSLANotices_Silenced: a silence of the case's brand mutes its
// notices, which the case records as silenced.
func TestSLANotices_Silenced(t *testing.T) {
	r := newReceiver(t)
	s := socialcrm.Silence{Brand: "skyway", Start: t0, End: t0.Add(24 * time.Hour)}
	fx := notifyFixture(t, r, s.Matches)
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	sweepAt(t, fx, t0.Add(50*time.Minute))
	sweepAt(t, fx, t0.Add(70*time.Minute))
	wantNotices(t, r, "silenced")
	k := fx.one(t)
	if len(k.Notices) != 2 || k.Notices[0].State != socialcrm.NoticeSilenced || k.Notices[1].State != socialcrm.NoticeSilenced {
		t.Errorf("notices = %+v, want at risk and missed, both silenced", k.Notices)
	}
}
