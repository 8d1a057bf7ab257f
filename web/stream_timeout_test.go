package web_test

import (
	"bufio"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestStream_OutlivesServerTimeouts: the event stream keeps delivering
// past the server's read and write timeouts.
func TestStream_OutlivesServerTimeouts(t *testing.T) {
	hub, st := web.NewHub(), memory.New()
	ts := httptest.NewUnstartedServer((&web.Server{Store: st, Stream: hub}).Handler())
	ts.Config.ReadTimeout, ts.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	ts.Start()
	defer ts.Close()
	// A token, not a sign-in: hashing a password may outlast the timeouts.
	resp, err := webtest.Bearer(webtest.Token(t, st, socialcrm.RoleViewer)).Get(ts.URL + "/api/v1/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	time.Sleep(time.Second) // past both timeouts
	hub.Publish("alert", "acme", map[string]string{"brand": "acme"})
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended after the server's timeouts")
			}
			if strings.HasPrefix(l, "data: ") && strings.Contains(l, "acme") {
				return
			}
		case <-deadline:
			t.Fatal("no event delivered after the server's timeouts")
		}
	}
}
