package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/web"
)

// TestDemo_IngestDetectsLanguage posts signed mentions that declare no
// language and wants each stored in the language of its text, scored by
// that language's model: Italian by the Italian model, French unsupported.
func TestDemo_IngestDetectsLanguage(t *testing.T) {
	t.Parallel()
	env := demoEnv(t)
	env["SOCIALCRM_INGEST_SECRET"] = "s3cret"
	d := startDemo(t, env, "--rate", "0", "--burst-every", "0")
	now := time.Now()
	at := now.UTC().Format(time.RFC3339)
	body := []byte(`[{"v":1,"id":"webhook:it1","source":"webhook","brand":"skyway","author":{"handle":"ugo"},` +
		`"text":"Il servizio clienti è stato davvero pessimo, non volerò mai più con loro","created_at":"` + at + `"},` +
		`{"v":1,"id":"webhook:fr1","source":"webhook","brand":"skyway","author":{"handle":"zoe"},` +
		`"text":"Le service client était vraiment horrible, je ne volerai plus jamais avec eux","created_at":"` + at + `"}]`)
	req, _ := http.NewRequest("POST", d.url+"api/v1/ingest", bytes.NewReader(body))
	req.Header.Set(web.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(web.HeaderSignature, web.Sign([]byte("s3cret"), now, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("ingest: status %d", resp.StatusCode)
	}
	type stored struct {
		Lang      string `json:"lang"`
		Sentiment struct {
			Model       string `json:"model"`
			Unsupported bool   `json:"unsupported"`
		} `json:"sentiment"`
		Extra map[string]any `json:"extra"`
	}
	for id, want := range map[string]struct {
		lang, model string
		unsupported bool
	}{"webhook:it1": {"it", "socialcrm-it-v1", false}, "webhook:fr1": {"fr", "none:fr", true}} {
		var m stored
		eventually(t, 30*time.Second, func() error { return getInto(d.url+"api/v1/mentions/"+id, &m) })
		model := m.Sentiment.Model
		if len(model) > len(want.model) {
			model = model[:len(want.model)] // a brand adapter may be named after the model
		}
		if m.Lang != want.lang || model != want.model || m.Sentiment.Unsupported != want.unsupported ||
			fmt.Sprint(m.Extra["lang_from"]) != "detected" {
			t.Errorf("%s: lang %q, model %q, unsupported %v, lang_from %v; want %q, %q, %v, detected",
				id, m.Lang, m.Sentiment.Model, m.Sentiment.Unsupported, m.Extra["lang_from"], want.lang, want.model, want.unsupported)
		}
	}
}
