package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// demoProcess is a demo running in this process on free ports.
type demoProcess struct {
	url     string
	brokers []string
	stop    func()
}

var startedRe = regexp.MustCompile(`running at (http://\S+/) \(Kafka brokers \[(\S+)\]\)`)

// Every demo of the tests signs in its first admin from the environment.
const (
	testAdminEmail    = "admin@example.com"
	testAdminPassword = "test admin password"
)

// signedIn holds, by demo URL, a client signed in as the test admin;
// getInto and post call through it.
var signedIn sync.Map

// startDemo runs "socialcrm demo" with env and args on free ports, waits
// until it prints its URL and signs in as the test admin (the env gets
// SOCIALCRM_ADMIN_EMAIL and _PASSWORD if it lacks them).
func startDemo(t *testing.T, env map[string]string, args ...string) *demoProcess {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if env["SOCIALCRM_ADMIN_EMAIL"] == "" {
		env["SOCIALCRM_ADMIN_EMAIL"], env["SOCIALCRM_ADMIN_PASSWORD"] = testAdminEmail, testAdminPassword
	}
	args = append([]string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--log-level", "warn"}, args...)
	m, stop := startCommand(t, env, args, startedRe)
	d := &demoProcess{url: m[1], brokers: strings.Split(m[2], " "), stop: stop}
	signedIn.Store(d.url, webtest.SignIn(t, d.url, testAdminEmail, testAdminPassword))
	t.Cleanup(func() { signedIn.Delete(d.url) })
	return d
}

// client returns the signed-in client of the demo that url is on.
func client(url string) *http.Client {
	var c *http.Client
	signedIn.Range(func(k, v any) bool {
		if strings.HasPrefix(url, k.(string)) {
			c = v.(*http.Client)
			return false
		}
		return true
	})
	if c == nil {
		return http.DefaultClient
	}
	return c
}

// post posts a JSON body (nil: none) to url as the demo's admin.
func post(url string, body any) (*http.Response, error) {
	return webtest.PostJSON(client(url), url, body)
}

// startCommand runs "socialcrm args..." with env in this process until
// the test ends, waits for its first line of output and returns the
// submatches of re in it, and a function that stops the command early.
func startCommand(t *testing.T, env map[string]string, args []string, re *regexp.Regexp) ([]string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	getenv := func(k string) string { return env[k] }
	go func() {
		done <- run(ctx, args, getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			select {
			case line <- sc.Text():
			default:
			}
		}
	}()
	select {
	case l := <-line:
		m := re.FindStringSubmatch(l)
		if m == nil {
			cancel()
			t.Fatalf("%s: unexpected first line %q", args[0], l)
		}
		var once sync.Once
		stop := func() {
			once.Do(func() {
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("%s stopped with %v", args[0], err)
					}
				case <-time.After(60 * time.Second):
					t.Errorf("%s did not stop within 60s", args[0])
				}
			})
		}
		t.Cleanup(stop)
		return m, stop
	case err := <-done:
		cancel()
		t.Fatalf("%s failed to start: %v", args[0], err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("%s did not start within 60s", args[0])
	}
	return nil, nil
}

// eventually polls f every 100ms until it returns nil or d passes.
func eventually(t *testing.T, d time.Duration, f func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func getInto(url string, v any) error {
	resp, err := client(url).Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// demoEnv is the environment of demo tests: Postgres when the test
// database is given, else the memory store.
func demoEnv(t *testing.T) map[string]string {
	env := map[string]string{}
	if dsn := os.Getenv("SOCIALCRM_TEST_DATABASE_URL"); dsn != "" {
		env["DATABASE_URL"] = freshDatabase(t, dsn)
	}
	return env
}

func TestDemo_EndToEnd(t *testing.T) {
	d := startDemo(t, demoEnv(t), "--rate", "200")

	// Scored mentions and counts appear in the API.
	var list struct {
		Mentions []socialcrm.Mention `json:"mentions"`
		Total    int                 `json:"total"`
	}
	eventually(t, 30*time.Second, func() error {
		if err := getInto(d.url+"api/v1/mentions?limit=5", &list); err != nil {
			return err
		}
		if len(list.Mentions) < 5 {
			return fmt.Errorf("only %d mentions so far", len(list.Mentions))
		}
		return nil
	})
	for _, m := range list.Mentions {
		// A like or a bare share has no words, and no sentiment.
		if words := socialcrm.HasWords(m.Text); words && (m.Sentiment == nil || !socialcrm.ValidLabel(m.Sentiment.Label)) ||
			!words && m.Sentiment != nil {
			t.Fatalf("mention %s (%q) has sentiment %+v", m.ID, m.Text, m.Sentiment)
		}
	}
	var sum struct {
		Totals struct{ Total int } `json:"totals"`
	}
	if err := getInto(d.url+"api/v1/sentiment/summary?window=5m", &sum); err != nil || sum.Totals.Total == 0 {
		t.Fatalf("summary: %v %+v", err, sum)
	}

	// An outside Kafka client produces a raw mention and reads its scored form.
	raw := `{"v":1,"id":"mastodon:e2e-1","source":"mastodon","brand":"acme",` +
		`"author":{"id":"109001","handle":"alice@example.social"},` +
		`"text":"@acme my order is late again, really disappointed","lang":"en","kind":"reply",` +
		`"parent_id":"mastodon:109360","created_at":"2026-11-20T10:04:05Z"}`
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	reader := kafkago.NewReader(kafkago.ReaderConfig{Brokers: d.brokers, GroupID: "e2e-outside",
		Topic: socialcrm.TopicScored, StartOffset: kafkago.FirstOffset, MaxWait: 200 * time.Millisecond})
	defer reader.Close()
	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	// The new group reads the topic from its start: the mention cannot be
	// missed, however long joining the group takes.
	eventually(t, 30*time.Second, func() error {
		return w.WriteMessages(ctx, kafkago.Message{Key: []byte("mastodon:e2e-1"), Value: []byte(raw)})
	})
	for {
		msg, err := reader.ReadMessage(ctx)
		if err != nil {
			t.Fatalf("reading mentions.scored: %v", err)
		}
		var m socialcrm.Mention
		if err := json.Unmarshal(msg.Value, &m); err != nil {
			t.Fatal(err)
		}
		if m.ID != "mastodon:e2e-1" {
			continue
		}
		if string(msg.Key) != "acme" {
			t.Errorf("scored mention keyed %q, want its brand", msg.Key)
		}
		if m.Sentiment == nil || m.Sentiment.Label != socialcrm.Negative || m.Intent != socialcrm.IntentComplaint {
			t.Fatalf("scored mention = %+v, sentiment %+v", m, m.Sentiment)
		}
		break
	}
	var got socialcrm.Mention
	eventually(t, 10*time.Second, func() error { return getInto(d.url+"api/v1/mentions/mastodon:e2e-1", &got) })

	// Demo contacts are linked: contact c-001 has mentions on its record.
	var rec struct {
		Total int `json:"mentions_total"`
	}
	eventually(t, 30*time.Second, func() error {
		if err := getInto(d.url+"api/v1/contacts/c-001", &rec); err != nil {
			return err
		}
		if rec.Total == 0 {
			return fmt.Errorf("contact c-001 has no linked mentions yet")
		}
		return nil
	})

	// The dashboard and the metrics answer.
	for _, path := range []string{"", "metrics", "readyz", "api/v1/openapi.json"} {
		resp, err := client(d.url).Get(d.url + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET /%s: %v %v", path, err, resp.Status)
		}
		resp.Body.Close()
	}
	// /readyz checks the broker, the store and the sources, as the README says.
	var ready struct {
		Ready  bool
		Checks map[string]string
	}
	resp, err := client(d.url).Get(d.url + "readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&ready); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"kafka", "store", "sources"} {
		if ready.Checks[c] != "ok" {
			t.Errorf("/readyz checks %v, want %s ok", ready.Checks, c)
		}
	}
}
