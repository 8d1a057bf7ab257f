package main

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/web"
)

// TestDemo_IngestReplayAfterRestart: a signed ingest request accepted by
// a demo on Postgres is refused by the next demo on the same database, and
// a mention naming a brand the demo does not track is rejected.
func TestDemo_IngestReplayAfterRestart(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": testDatabase(t, "to keep ingest signatures across a restart"),
		"SOCIALCRM_INGEST_SECRET": "s3cret"}
	now := time.Now()
	body := []byte(`[{"v":1,"id":"trustpilot:r1","source":"trustpilot","brand":"skyway","author":{"handle":"bob"},"text":"late again","created_at":"` +
		now.UTC().Format(time.RFC3339) + `"},{"v":1,"id":"trustpilot:r2","source":"trustpilot","brand":"nosuchbrand","author":{"handle":"bob"},"text":"hm","created_at":"` +
		now.UTC().Format(time.RFC3339) + `"}]`)
	post := func(base string) int {
		req, _ := http.NewRequest("POST", base+"api/v1/ingest", bytes.NewReader(body))
		req.Header.Set(web.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
		req.Header.Set(web.HeaderSignature, web.Sign([]byte("s3cret"), now, body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	d := startDemo(t, env, "--rate", "0")
	if code := post(d.url); code != http.StatusMultiStatus {
		t.Fatalf("first post: status %d, want 207 (one brand known, one not)", code)
	}
	d.stop()
	d2 := startDemo(t, env, "--rate", "0")
	if code := post(d2.url); code != http.StatusUnauthorized {
		t.Errorf("the same signed request after a restart: status %d, want 401", code)
	}
}
