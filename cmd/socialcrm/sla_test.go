package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/webhook"
)

// slaReceiver is a local webhook receiver that checks each delivery's
// signature and records the SLA notices.
type slaReceiver struct {
	mu    sync.Mutex
	got   []socialcrm.SLANotice
	tasks []socialcrm.TaskNotice // task reminders
}

func (r *slaReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if !webhook.Verify([]byte("sla secret"), req.Header.Get(webhook.TimestampHeader), body, req.Header.Get(webhook.SignatureHeader)) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var a socialcrm.Alert
	if err := json.Unmarshal(body, &a); err == nil && a.Task != nil {
		r.mu.Lock()
		r.tasks = append(r.tasks, *a.Task)
		r.mu.Unlock()
		return
	}
	if err := json.Unmarshal(body, &a); err != nil || a.SLA == nil {
		return // a spike alert
	}
	r.mu.Lock()
	r.got = append(r.got, *a.SLA)
	r.mu.Unlock()
}

// notices returns "status role recipient" of the notices of case id.
func (r *slaReceiver) notices(id string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.got {
		if n.CaseID == id {
			out = append(out, n.Status+" "+n.Role+" "+n.Recipient)
		}
	}
	slices.Sort(out)
	return out
}

// TestSLA_EndToEnd: through the embedded broker and Postgres, a complaint
// from a platinum contact gets the platinum policy; its first response
// at risk reaches the assignee through the webhook once, then the miss
// reaches the assignee and the team's supervisor once each, and the case
// records the three notices.
func TestSLA_EndToEnd(t *testing.T) {
	dbURL := testDatabase(t, "to run the SLA end-to-end test")
	rec := &slaReceiver{}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	conf := filepath.Join(t.TempDir(), "sla.yaml")
	if err := os.WriteFile(conf, []byte(`check_every: 1s
policies:
  - id: platinum
    tiers: [platinum]
    first_response: 12s
    next_response: 12s
    at_risk: 0.5
`), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDemo(t, map[string]string{"DATABASE_URL": dbURL}, "--rate", "0", "--burst-every", "0", "--sla-config", conf,
		"--alert-webhook-url", srv.URL, "--alert-webhook-secret", "sla secret")
	api := d.url + "api/v1/"

	// A contact of a platinum account, from the demo's CRM records.
	var accounts struct{ Accounts []socialcrm.Account }
	slaMust(t, getInto(api+"accounts?limit=100", &accounts))
	i := slices.IndexFunc(accounts.Accounts, func(a socialcrm.Account) bool { return a.Tier == socialcrm.TierPlatinum })
	if i < 0 {
		t.Fatalf("no platinum account among %+v", accounts.Accounts)
	}
	var contacts struct{ Contacts []socialcrm.Contact }
	slaMust(t, getInto(api+"contacts?account="+accounts.Accounts[i].ID, &contacts))
	if len(contacts.Contacts) == 0 || len(contacts.Contacts[0].Identities) == 0 {
		t.Fatalf("platinum account %s has no contact with an identity: %+v", accounts.Accounts[i].ID, contacts.Contacts)
	}
	vip, id := contacts.Contacts[0], contacts.Contacts[0].Identities[0]

	// An agent in team care, whose supervisor is sue.
	user := func(email string, teams ...string) string {
		res, err := post(api+"users", map[string]any{"email": email, "name": email, "role": "agent", "teams": teams, "password": "a long enough password"})
		slaMust(t, err)
		defer res.Body.Close()
		var u socialcrm.User
		if err := json.NewDecoder(res.Body).Decode(&u); err != nil || res.StatusCode != http.StatusCreated {
			t.Fatalf("create user %s: %d %v", email, res.StatusCode, err)
		}
		return u.ID
	}
	sam, sue := user("sam@example.com", "care"), user("sue@example.com")
	req, _ := http.NewRequest(http.MethodPut, api+"teams/care", strings.NewReader(fmt.Sprintf(`{"name":"Customer care","supervisor":%q}`, sue)))
	req.Header.Set("Content-Type", "application/json")
	res, err := client(api).Do(req)
	slaMust(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("PUT team: %d", res.StatusCode)
	}

	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, RequiredAcks: kafkago.RequireAll}
	defer w.Close()
	now := time.Now().UTC().Format(time.RFC3339Nano)
	raw := func(mid, handle, native string) kafkago.Message {
		v := fmt.Sprintf(`{"v":1,"id":%q,"source":%q,"brand":"acme","author":{"id":%q,"handle":%q},`+
			`"text":"@acme my order is late again, really disappointed","lang":"en","kind":"post","created_at":%q}`,
			mid, id.Network, native, handle, now)
		return kafkago.Message{Key: []byte(mid), Value: []byte(v)}
	}
	vipMention, otherMention := id.Network+":sla-vip-1", id.Network+":sla-other-1"
	slaMust(t, w.WriteMessages(context.Background(), raw(vipMention, id.Handle, id.NativeID), raw(otherMention, "someone-else", "999999")))

	var vipCase, otherCase socialcrm.Case
	eventually(t, 30*time.Second, func() error {
		for _, c := range []struct {
			mention string
			into    *socialcrm.Case
		}{{vipMention, &vipCase}, {otherMention, &otherCase}} {
			if err := getInto(api+"cases/case-"+c.mention, c.into); err != nil {
				return err
			}
		}
		return nil
	})
	if vipCase.Policy != "platinum" || vipCase.ContactID != vip.ID || vipCase.DueAt.Sub(vipCase.OpenedAt) != 12*time.Second {
		t.Errorf("platinum contact's case: policy %q, contact %q, due %v after opening; want platinum, %s, 12s",
			vipCase.Policy, vipCase.ContactID, vipCase.DueAt.Sub(vipCase.OpenedAt), vip.ID)
	}
	if otherCase.Policy != "channel-"+id.Network {
		t.Errorf("other author's case: policy %q, want the channel default", otherCase.Policy)
	}
	res, err = post(api+"cases/"+vipCase.ID+"/assign", map[string]string{"assignee": sam})
	slaMust(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("assign: %d", res.StatusCode)
	}

	atRisk := []string{"at_risk assignee " + sam}
	eventually(t, 20*time.Second, func() error {
		if got := rec.notices(vipCase.ID); !slices.Equal(got, atRisk) {
			return fmt.Errorf("notices of %s = %q, want %q", vipCase.ID, got, atRisk)
		}
		return nil
	})
	all := []string{"at_risk assignee " + sam, "missed assignee " + sam, "missed supervisor " + sue}
	eventually(t, 20*time.Second, func() error {
		if got := rec.notices(vipCase.ID); !slices.Equal(got, all) {
			return fmt.Errorf("notices of %s = %q, want %q", vipCase.ID, got, all)
		}
		return nil
	})
	// A task on the contact, due in a second, reminds sam once.
	res, err = post(api+"contacts/"+vip.ID+"/activities", map[string]any{"kind": "task", "subject": "Call back",
		"assignee": sam, "due_at": time.Now().Add(time.Second).UTC().Format(time.RFC3339Nano)})
	slaMust(t, err)
	var task socialcrm.Activity
	if err := json.NewDecoder(res.Body).Decode(&task); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create task: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
	reminded := func() []string {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		var out []string
		for _, n := range rec.tasks {
			out = append(out, n.TaskID+" "+n.Assignee+" "+n.Subject)
		}
		return out
	}
	wantTask := []string{task.ID + " " + sam + " Call back"}
	eventually(t, 20*time.Second, func() error {
		if got := reminded(); !slices.Equal(got, wantTask) {
			return fmt.Errorf("task reminders = %q, want %q", got, wantTask)
		}
		return nil
	})
	time.Sleep(3 * time.Second) // three more sweeps send nothing again
	if got := rec.notices(vipCase.ID); !slices.Equal(got, all) {
		t.Errorf("notices of %s after more sweeps = %q, want each once: %q", vipCase.ID, got, all)
	}
	if got := reminded(); !slices.Equal(got, wantTask) {
		t.Errorf("task reminders after more sweeps = %q, want one: %q", got, wantTask)
	}
	slaMust(t, getInto(api+"activities/"+task.ID, &task))
	if task.Reminder == nil || task.Reminder.State != socialcrm.NoticeDelivered || task.Reminder.Recipient != sam {
		t.Errorf("task's reminder = %+v, want delivered to %s", task.Reminder, sam)
	}
	slaMust(t, getInto(api+"cases/"+vipCase.ID, &vipCase))
	delivered := 0
	for _, n := range vipCase.Notices {
		if n.State == socialcrm.NoticeDelivered {
			delivered++
		}
	}
	if len(vipCase.Notices) != 3 || delivered != 3 {
		t.Errorf("notices recorded on the case = %+v, want 3 delivered", vipCase.Notices)
	}
	if fr := vipCase.Targets[0]; fr.Status != socialcrm.TargetMissed {
		t.Errorf("first response = %+v, want missed", fr)
	}
}

func slaMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
