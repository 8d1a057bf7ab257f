package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// statusRecorder keeps the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// TestCSRF_OtherOriginCannotErase signs a browser in as an admin, then
// opens a page of another origin that posts an erasure of a contact to the
// API the way a page may without a preflight (text/plain, with
// credentials). The request reaches the API with the session cookie and
// is refused; the contact is still there.
func TestCSRF_OtherOriginCannotErase(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	g := seedPrivacy(t, st)
	h := (&web.Server{Store: st, Graph: g, Stream: web.NewHub(), Privacy: crm.NewPrivacy(st, g, crm.NewErased(st, 0))}).Handler()
	var mu sync.Mutex
	var erasures []string // "status cookie=bool" of each erase request
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rec, r)
		if strings.HasSuffix(r.URL.Path, "/erase") {
			_, err := r.Cookie(web.SessionCookie)
			mu.Lock()
			erasures = append(erasures, fmt.Sprintf("%d cookie=%v", rec.code, err == nil))
			mu.Unlock()
		}
	}))
	t.Cleanup(api.Close)
	target := api.URL + "/api/v1/contacts/c-dora/erase"
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>prize</title><script>
fetch(%q, {method: "POST", mode: "no-cors", credentials: "include", headers: {"Content-Type": "text/plain"}, body: "{}"})
  .finally(() => { document.title = "sent"; });
</script>`, target)
	}))
	t.Cleanup(evil.Close)

	ctx := browser(t, "/erase")
	signIn(t, ctx, api.URL, st, socialcrm.RoleAdmin)
	do(t, ctx, "open the other origin's page", chromedp.Navigate(evil.URL+"/"))
	waitAcross(t, ctx, "its request sent", `document.title === "sent"`)

	mu.Lock()
	defer mu.Unlock()
	if len(erasures) != 1 || erasures[0] != "403 cookie=true" {
		t.Errorf("erase requests seen by the API: %v, want one refused with 403 that carried the session cookie", erasures)
	}
	if _, err := st.FindContactByID(context.Background(), "c-dora"); err != nil {
		t.Errorf("contact after the cross-origin request: %v", err)
	}
}
