package collectors

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

func m(id, text string) *socialcrm.Mention {
	return &socialcrm.Mention{ID: id, Source: "x", Author: socialcrm.Author{Handle: "bob"}, Text: text,
		CreatedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
}

func TestFilter(t *testing.T) {
	set, err := rules.Compile([]rules.Rule{{Brand: "acme", Query: "acme -hiring"}, {Brand: "globex", Name: "g-fr", Query: "globex lang:fr"}})
	if err != nil {
		t.Fatal(err)
	}
	det, err := lang.New([]string{"en", "fr"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	met := NewMetrics(reg)
	f := &Filter{Rules: set, Lang: det, Metrics: met, Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Limit: 5}
	var got []string
	emit := f.Wrap(func(ctx context.Context, m *socialcrm.Mention) error {
		got = append(got, m.ID+"|"+m.Brand+"|"+m.Rule+"|"+m.Lang)
		return nil
	})
	old := m("x:old", "acme")
	old.CreatedAt = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	preset := m("x:5", "thanks for following")
	preset.Brand = "acme"
	del := m("x:1", "")
	del.Deleted = true
	edited := m("x:1", "acme blender is great, edited")
	edited.Extra = socialcrm.RawFields{"edited_at": []byte(`"2026-11-20T11:00:00Z"`)}
	invalid := m("", "acme")
	ctx := context.Background()
	for _, x := range []*socialcrm.Mention{
		m("x:1", "the acme blender is great"),
		m("x:1", "the acme blender is great"), // duplicate
		m("x:2", "acme is hiring"),            // excluded
		m("x:3", "le globex est vraiment nul, je suis déçu"),
		m("x:4", "globex is bad"), // wrong language
		old, invalid, preset, edited, del,
		m("x:6", "acme again"), // over the limit
	} {
		if err := emit(ctx, x); err != nil {
			if !IsLimit(err) || x.ID != "x:6" {
				t.Fatalf("emit %s: %v", x.ID, err)
			}
		}
	}
	want := []string{"x:1|acme|acme|en", "x:3|globex|g-fr|fr", "x:5|acme||en", "x:1|acme|acme|en", "x:1|||"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("emitted (-want +got):\n%s", diff)
	}
	for reason, n := range map[string]float64{DropDuplicate: 1, DropNoMatch: 2, DropOld: 1, DropInvalid: 1} {
		if v := Value(met.DroppedCounter("x", reason)); v != n {
			t.Errorf("dropped %s = %v, want %v", reason, v, n)
		}
	}
}

func TestSeen(t *testing.T) {
	s := NewSeen(2)
	if !s.Add("a") || s.Add("a") || !s.Add("b") || !s.Add("c") || !s.Add("a") {
		t.Error("Seen does not remember the last 2 keys")
	}
}

func TestHTMLText(t *testing.T) {
	tests := map[string]string{
		`<p>Hello <a href="x">@<span>acme</span></a> &amp; co</p><p>second</p>`: "Hello @acme & co\nsecond",
		"plain text":                          "plain text",
		"line<br>break<br/>again":             "line\nbreak\nagain",
		"<p>x</p><script>alert(1)</script>y":  "x\ny",
		"Caf&eacute; &#x27;quoted&#x27; &lt;": "Café 'quoted' <",
	}
	for in, want := range tests {
		if got := HTMLText(in); got != want {
			t.Errorf("HTMLText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadSSE(t *testing.T) {
	in := ":ok\n\nevent: update\ndata: {\"a\":\ndata: 1}\n\ndata: plain\r\nid: 7\r\n\r\nevent: delete\ndata: 12"
	var evs []SSEEvent
	beats := 0
	err := ReadSSE(strings.NewReader(in), func(e SSEEvent) error { evs = append(evs, e); return nil }, func() { beats++ })
	want := []SSEEvent{{Event: "update", Data: "{\"a\":\n1}"}, {Event: "message", Data: "plain", ID: "7"}}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if beats != 1 || err == nil {
		t.Errorf("beats %d, err %v: want 1 and an unexpected EOF for the cut event", beats, err)
	}
}

type fakeCollector struct {
	name string
	ms   []*socialcrm.Mention
}

func (f fakeCollector) Name() string { return f.name }
func (f fakeCollector) Collect(ctx context.Context, emit Emit) error {
	for _, m := range f.ms {
		if err := emit(ctx, m); err != nil {
			return err
		}
	}
	<-ctx.Done()
	return nil
}

func TestRun_Limit(t *testing.T) {
	f := &Filter{Limit: 3}
	var mu sync.Mutex
	n := 0
	cs := []socialcrm.Collector{
		fakeCollector{"a", []*socialcrm.Mention{m("a:1", "x"), m("a:2", "x")}},
		fakeCollector{"b", []*socialcrm.Mention{m("b:1", "x"), m("b:2", "x")}},
	}
	err := Run(context.Background(), cs, f.Wrap(func(ctx context.Context, m *socialcrm.Mention) error {
		mu.Lock()
		n++
		mu.Unlock()
		return nil
	}))
	if err != nil || n != 3 {
		t.Errorf("Run = %v after %d mentions, want nil after 3", err, n)
	}
	boom := errors.New("boom")
	err = Run(context.Background(), cs[:1], func(context.Context, *socialcrm.Mention) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("Run = %v, want the emit error", err)
	}
}

func TestMetrics_Checks(t *testing.T) {
	reg := prometheus.NewRegistry()
	met := NewMetrics(reg)
	d := Deps{Metrics: met, Policy: backoff.Policy{Sleep: func(context.Context, time.Duration) error { return nil }}}
	r := d.Retrier("mastodon", "hashtag:acme")
	met.Received("mastodon")
	if err := met.Checks()["collector:mastodon:hashtag:acme"](context.Background()); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	for _, n := range []string{"socialcrm_collector_received_total", "socialcrm_collector_healthy", "socialcrm_collector_last_event_age_seconds"} {
		if !names[n] {
			t.Errorf("metric %s missing", n)
		}
	}
	if err := met.Healthy(context.Background()); err != nil {
		t.Errorf("Healthy = %v with a closed circuit", err)
	}
	n := 0
	_ = r.Run(context.Background(), func(context.Context) error {
		if n++; n > 5 {
			return backoff.Permanent(errors.New("stop"))
		}
		return errors.New("refused")
	})
	err = met.Healthy(context.Background())
	if err == nil || !strings.Contains(err.Error(), "mastodon:hashtag:acme") {
		t.Errorf("Healthy = %v, want the open circuit named", err)
	}
}

func TestWithIdleTimeout(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	r := WithIdleTimeout(pr, 20*time.Millisecond)
	defer r.Close()
	go func() { _, _ = pw.Write([]byte("x")) }()
	buf := make([]byte, 4)
	if n, err := r.Read(buf); n != 1 || err != nil {
		t.Fatalf("first read: %d, %v", n, err)
	}
	if _, err := r.Read(buf); !errors.Is(err, ErrIdle) {
		t.Fatalf("silent read: %v, want ErrIdle", err)
	}
}

func TestFilter_SetRules(t *testing.T) {
	acme, _ := rules.Compile([]rules.Rule{{Brand: "acme", Query: "acme"}})
	globex, _ := rules.Compile([]rules.Rule{{Brand: "globex", Query: "globex"}})
	f := &Filter{Rules: acme}
	var brands []string
	emit := f.Wrap(func(ctx context.Context, m *socialcrm.Mention) error { brands = append(brands, m.Brand); return nil })
	ctx := context.Background()
	_ = emit(ctx, m("x:1", "acme and globex"))
	f.SetRules(globex)
	_ = emit(ctx, m("x:2", "acme and globex"))
	_ = emit(ctx, m("x:3", "acme only"))
	if diff := cmp.Diff([]string{"acme", "globex"}, brands); diff != "" {
		t.Errorf("brands (-want +got):\n%s", diff)
	}
}

// TestFilter_SameURL: distinct items that share a URL (Atom entries whose
// empty href resolves to the feed's address) all pass; the same id twice
// does not.
func TestFilter_SameURL(t *testing.T) {
	f := &Filter{}
	var got []string
	emit := f.Wrap(func(ctx context.Context, m *socialcrm.Mention) error { got = append(got, m.ID); return nil })
	for _, id := range []string{"rss:a", "rss:b", "rss:a"} {
		x := m(id, "acme review")
		x.URL = "https://reviews.example/acme/"
		if err := emit(context.Background(), x); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"rss:a", "rss:b"}, got); diff != "" {
		t.Errorf("passed (-want +got):\n%s", diff)
	}
}
