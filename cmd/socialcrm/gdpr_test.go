package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// TestDemo_EraseContact erases a demo contact through the API of the
// running service, then has a source deliver a new mention of hers: the
// pipeline drops it, while the next mention on the same partition is
// stored, and the graph keeps her out.
func TestDemo_EraseContact(t *testing.T) {
	d := startDemo(t, demoEnv(t), "--rate", "50")
	// c-001 has mentions linked: the service is under way.
	var rec struct {
		Contact socialcrm.Contact `json:"contact"`
		Total   int               `json:"mentions_total"`
	}
	eventually(t, 30*time.Second, func() error {
		if err := getInto(d.url+"api/v1/contacts/c-001", &rec); err != nil {
			return err
		}
		if rec.Total == 0 || len(rec.Contact.Identities) == 0 {
			return fmt.Errorf("contact c-001 has no linked mentions yet")
		}
		return nil
	})
	var x socialcrm.ContactExport
	if err := getInto(d.url+"api/v1/contacts/c-001/export", &x); err != nil {
		t.Fatal(err)
	}
	if x.Contact == nil || len(x.Mentions) < rec.Total {
		t.Fatalf("export holds %d mentions, the record counts %d", len(x.Mentions), rec.Total)
	}

	res, err := post(d.url+"api/v1/contacts/c-001/erase", "{}")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var er socialcrm.Erasure
	if res.StatusCode != http.StatusOK || json.Unmarshal(body, &er) != nil || !er.ContactDeleted || er.MentionsDeleted == 0 {
		t.Fatalf("erase: %s %s", res.Status, body)
	}
	if err := getInto(d.url+"api/v1/contacts/c-001", &rec); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("contact after erasure: %v, want 404", err)
	}

	// A source delivers her again, then someone else, on one partition.
	id := rec.Contact.Identities[0]
	now := time.Now().UTC().Format(time.RFC3339)
	hers := fmt.Sprintf(`{"v":1,"id":"%s:gdpr-hers","source":%q,"brand":"acme","author":{"id":%q,"handle":%q},"text":"@acme hello again","created_at":%q}`,
		id.Network, id.Network, id.NativeID, id.Handle, now)
	other := fmt.Sprintf(`{"v":1,"id":"%s:gdpr-other","source":%q,"brand":"acme","author":{"handle":"someone-else"},"text":"@acme hi","created_at":%q}`,
		id.Network, id.Network, now)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	key := []byte("gdpr-test")
	eventually(t, 30*time.Second, func() error {
		return w.WriteMessages(ctx, kafkago.Message{Key: key, Value: []byte(hers)}, kafkago.Message{Key: key, Value: []byte(other)})
	})
	var m socialcrm.Mention
	eventually(t, 30*time.Second, func() error { return getInto(d.url+"api/v1/mentions/"+id.Network+":gdpr-other", &m) })
	if err := getInto(d.url+"api/v1/mentions/"+id.Network+":gdpr-hers", &m); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("her new mention: %v, want 404", err)
	}
	var list struct {
		Total int `json:"total"`
	}
	if err := getInto(d.url+"api/v1/mentions?contact=c-001", &list); err != nil || list.Total != 0 {
		t.Errorf("mentions of c-001 after erasure: %d, %v", list.Total, err)
	}
	if err := getInto(d.url+"api/v1/graph/ego/"+id.Key(), &struct{}{}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("her graph node after erasure: %v, want 404", err)
	}
}

func TestGDPR_CLI(t *testing.T) {
	ctx := context.Background()
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	for _, args := range [][]string{{"gdpr"}, {"gdpr", "forget"}, {"gdpr", "export"}, {"gdpr", "erase", "--contact", "c-1"}} {
		if err := run(ctx, args, getenv, nil, &out, &errb); err == nil {
			t.Errorf("%q succeeded", args)
		}
	}
	db := testDatabase(t, "to export and erase a contact in Postgres")
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := &socialcrm.Contact{ID: "c-1", Name: "Gus", Identities: []socialcrm.Identity{{Network: "x", Handle: "gus"}}}
	if err := st.SaveContacts(ctx, c); err != nil {
		t.Fatal(err)
	}
	var ms []*socialcrm.Mention
	for i := range 70 {
		ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("x:%d", i), Source: "x", Author: socialcrm.Author{Handle: "gus"},
			Text: "hi", CreatedAt: time.Now().Add(-time.Duration(i) * time.Minute), Contacts: []string{"c-1"}})
	}
	ms = append(ms, &socialcrm.Mention{V: 1, ID: "x:other", Source: "x", Author: socialcrm.Author{Handle: "hal"}, Text: "yo", CreatedAt: time.Now()})
	if err := st.SaveMentions(ctx, ms...); err != nil {
		t.Fatal(err)
	}
	g, err := graph.New(graph.DefaultConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Add(socialcrm.Interaction{V: 1, From: "x:gus", To: "x:hal", Kind: socialcrm.KindReply, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := g.Save(ctx, st); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "gus.json")
	if err := run(ctx, []string{"gdpr", "export", "--database-url", db, "--contact", "c-1", "--out", file}, getenv, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var x socialcrm.ContactExport
	b, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(b, &x) != nil || x.Contact.Name != "Gus" || len(x.Mentions) != 70 || len(x.Ties) != 1 {
		t.Fatalf("export: %v, %d mentions, ties %+v", err, len(x.Mentions), x.Ties)
	}

	out.Reset()
	if err := run(ctx, []string{"gdpr", "erase", "--database-url", db, "--contact", "c-1"}, getenv, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var rec socialcrm.Erasure
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil || rec.MentionsDeleted != 70 || rec.GraphNodes != 1 || !rec.ContactDeleted {
		t.Fatalf("receipt: %v %s", err, out.String())
	}
	if _, n, err := st.FindMentions(ctx, socialcrm.MentionFilter{}); err != nil || n != 1 {
		t.Errorf("mentions left: %d, %v; want one", n, err)
	}
	g2, err := graph.New(graph.DefaultConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := g2.Load(ctx, st); err != nil || g2.Stats().Nodes != 1 {
		t.Errorf("stored graph after erasure: %+v, %v; want hal alone", g2.Stats(), err)
	}
	err = run(ctx, []string{"gdpr", "erase", "--database-url", db, "--contact", "c-1"}, getenv, nil, &out, &errb)
	if !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("second erase: %v, want ErrNotFound", err)
	}
}
