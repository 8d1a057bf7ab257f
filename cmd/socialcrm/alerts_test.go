package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// splitRoles runs an embedded broker and a fresh database with one VIP
// contact (c-vip, of a platinum account), for the tests of the split
// commands.
func splitRoles(t *testing.T) (db string, brokers []string) {
	t.Helper()
	db = testDatabase(t, "to share a Postgres database between the alerts and web commands")
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	saveCustomer(t, db, &socialcrm.Account{ID: "a-vip", Name: "Big Customer", Tier: socialcrm.TierPlatinum, Value: 900_000},
		&socialcrm.Contact{ID: "c-vip", Name: "Vera Important", AccountID: "a-vip",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "vera@example.social"}}})
	return db, b.Brokers()
}

// saveCustomer saves an account and its contact, created now, in the
// database at db.
func saveCustomer(t *testing.T, db string, a *socialcrm.Account, c *socialcrm.Contact) {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	a.CreatedAt, a.UpdatedAt, c.CreatedAt, c.UpdatedAt = now, now, now, now
	if err := st.SaveAccounts(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveContacts(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// vipComplaint is a scored negative mention of brand by the VIP contact,
// as a pipeline writes it to mentions.scored.
// sendUntilAlert produces complaint(brand, n) to mentions.scored, one
// every 300 ms, until the web process at webURL lists an alert of brand,
// and returns it. The alerts process's group starts at the end of the
// topic: sending goes on until it has joined and seen one.
func sendUntilAlert(t *testing.T, brokers []string, webURL, brand string, within time.Duration, complaint func(string, int) kafkago.Message) socialcrm.Alert {
	t.Helper()
	w := &kafkago.Writer{Addr: kafkago.TCP(brokers...), Topic: socialcrm.TopicScored, BatchTimeout: time.Millisecond}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for n := 0; ; n++ {
		if err := w.WriteMessages(ctx, complaint(brand, n)); err != nil {
			t.Fatal(err)
		}
		var list struct {
			Alerts []socialcrm.Alert `json:"alerts"`
		}
		if err := getInto(webURL+"api/v1/alerts?brand="+brand, &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Alerts) > 0 {
			return list.Alerts[0]
		}
		if ctx.Err() != nil {
			t.Fatalf("after %d complaints about %s, the web process shows no alert", n+1, brand)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func vipComplaint(brand string, n int) kafkago.Message {
	id := fmt.Sprintf("mastodon:vip-%d", n)
	v := fmt.Sprintf(`{"v":1,"id":%q,"source":"mastodon","brand":%q,"author":{"id":"v1","handle":"vera@example.social","followers":40},`+
		`"text":"@%s terrible service, I am cancelling","lang":"en","kind":"post","created_at":%q,`+
		`"sentiment":{"label":"negative","score":-0.8,"confidence":0.9,"model":"test"},"intent":"churn","contacts":["c-vip"]}`,
		id, brand, brand, time.Now().UTC().Format(time.RFC3339Nano))
	return kafkago.Message{Key: []byte(brand), Value: []byte(v)}
}

// TestAlertsAndWeb_Split runs the alerter alone ("socialcrm alerts") and
// the dashboard alone ("socialcrm web") as two processes on one broker and
// database: a VIP complaint on mentions.scored raises an alert in the
// alerts process, which the web process serves from the store and shows
// on its live stream (read from the alerts topic), without observing any
// mention itself.
func TestAlertsAndWeb_Split(t *testing.T) {
	db, brokers := splitRoles(t)
	env := map[string]string{"KAFKA_BROKERS": strings.Join(brokers, ","), "DATABASE_URL": db,
		"SOCIALCRM_ADMIN_EMAIL": testAdminEmail, "SOCIALCRM_ADMIN_PASSWORD": testAdminPassword}
	alerter := startProcess(t, env, "alerts", "--addr", "127.0.0.1:0", "--log-level", "warn")
	web := startProcess(t, env, "web", "--addr", "127.0.0.1:0", "--log-level", "warn")
	alertsURL, webURL := alerter.url(), web.url()
	signedIn.Store(webURL, webtest.SignIn(t, webURL, testAdminEmail, testAdminPassword))
	t.Cleanup(func() { signedIn.Delete(webURL) })

	resp, err := client(webURL).Get(webURL + "api/v1/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "event: ") || strings.HasPrefix(l, "data: ") {
				select {
				case events <- l:
				default:
				}
			}
		}
	}()

	start := time.Now()
	alert := sendUntilAlert(t, brokers, webURL, "splitco", 90*time.Second, vipComplaint)
	if alert.Reason != socialcrm.ReasonVIP || alert.Status != socialcrm.AlertFiring || !strings.Contains(strings.Join(alert.Contacts, ","), "c-vip") {
		t.Errorf("alert served by web: reason %q, status %q, contacts %v; want a firing VIP alert naming c-vip", alert.Reason, alert.Status, alert.Contacts)
	}
	t.Logf("VIP alert %s raised by the alerts process, served by the web process %s after the first complaint was sent", alert.ID, time.Since(start).Round(time.Millisecond))
	deadline := time.After(30 * time.Second)
	for sawAlert, sawMention := false, false; !sawAlert || !sawMention; {
		select {
		case l := <-events:
			sawAlert = sawAlert || strings.HasPrefix(l, "data: ") && strings.Contains(l, alert.ID)
			sawMention = sawMention || strings.HasPrefix(l, "data: ") && strings.Contains(l, `"mastodon:vip-`)
		case <-deadline:
			t.Fatalf("the web process's live stream showed the alert: %v, a scored mention: %v; want both", sawAlert, sawMention)
		}
	}
	if got := metric(t, alertsURL, "socialcrm_alerts_mentions_observed_total"); got < 1 {
		t.Errorf("the alerts process observed %.0f mentions, want at least 1", got)
	}
	if got := metric(t, webURL, "socialcrm_alerts_mentions_observed_total"); got != 0 {
		t.Errorf("the web process observed %.0f mentions, want 0: it must not run the alerter", got)
	}
	resp.Body.Close()
	w := &kafkago.Writer{Addr: kafkago.TCP(brokers...), Topic: socialcrm.TopicScored, BatchTimeout: time.Millisecond}
	defer w.Close()
	checkHandChanges(t, webURL, alertsURL, w, alert.ID)
	t.Logf("SIGTERM: web stopped in %s, alerts in %s", web.terminate(30*time.Second).Round(time.Millisecond),
		alerter.terminate(30*time.Second).Round(time.Millisecond))
}

// checkHandChanges acknowledges, then resolves, through the web process an
// alert the alerts process holds open: the alerter's later saves keep the
// acknowledgement (the store moves a status only forward), it adopts the
// resolution on the change notice, and the next VIP complaint raises a
// new alert instead of joining the resolved one.
func checkHandChanges(t *testing.T, webURL, alertsURL string, w *kafkago.Writer, id string) {
	t.Helper()
	ctx := context.Background()
	stored := func() socialcrm.Alert {
		var a socialcrm.Alert
		if err := getInto(webURL+"api/v1/alerts/"+id, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	change := func(action string) {
		resp, err := post(webURL+"api/v1/alerts/"+id+"/"+action, map[string]string{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("POST %s: %s", action, resp.Status)
		}
	}
	notices := func() float64 { return reloads(t, alertsURL, socialcrm.ChangeAlerts, "notice") }
	n0 := notices()
	change("ack")
	before := stored().Observed
	if err := w.WriteMessages(ctx, vipComplaint("splitco", 1000)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		if a := stored(); a.Observed <= before || a.Status != socialcrm.AlertAcknowledged {
			return fmt.Errorf("after an ack in web and a complaint: observed %v (was %v), status %q; want more and acknowledged", a.Observed, before, a.Status)
		}
		if notices() <= n0 {
			return fmt.Errorf("the alerts process heard no notice of the ack")
		}
		return nil
	})
	n1 := notices()
	change("resolve")
	eventually(t, 30*time.Second, func() error {
		if notices() <= n1 {
			return fmt.Errorf("the alerts process heard no notice of the resolution")
		}
		return nil
	})
	for n := 1001; ; n++ {
		if err := w.WriteMessages(ctx, vipComplaint("splitco", n)); err != nil {
			t.Fatal(err)
		}
		var list struct {
			Alerts []socialcrm.Alert `json:"alerts"`
		}
		if err := getInto(webURL+"api/v1/alerts?brand=splitco", &list); err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(list.Alerts, func(a socialcrm.Alert) bool { return a.ID != id }) {
			if a := stored(); a.Status != socialcrm.AlertResolved {
				t.Errorf("alert resolved in web is %q after the next complaint", a.Status)
			}
			break
		}
		if n > 1100 {
			t.Fatalf("after a resolution in web, %d complaints raised no new alert: the alerter kept the resolved one open", n-1000)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
