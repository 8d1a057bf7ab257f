package web_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestDashboard_EraseContact exports and erases a contact from its record
// page in a real browser: the erase button asks first, Cancel keeps the
// contact, and confirming erases it and lands on the contacts list with a
// notice of what was removed.
func TestDashboard_EraseContact(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	g := seedPrivacy(t, st)
	srv := serve(t, &web.Server{Store: st, Graph: g, Stream: web.NewHub(),
		Privacy: crm.NewPrivacy(st, g, crm.NewErased(st, 0))}, st)
	ctx := browser(t)
	signIn(t, ctx, srv.URL, st, socialcrm.RoleAdmin)
	bg := context.Background()

	do(t, ctx, "open the record", chromedp.Navigate(srv.URL+"/contacts/c-dora"), chromedp.WaitVisible(chromedp.CSS(`#privacy #erase-contact`)))
	if href := eval[string](t, ctx, `document.querySelector("#export-data").getAttribute("href")`); href != "/api/v1/contacts/c-dora/export" {
		t.Errorf("export link = %q", href)
	}
	if dl := eval[string](t, ctx, `document.querySelector("#export-data").getAttribute("download")`); dl != "contact-c-dora.json" {
		t.Errorf("export download name = %q", dl)
	}
	if eval[bool](t, ctx, `!document.querySelector("#erase-confirm").hidden`) {
		t.Fatal("the confirm step shows before the button is pressed")
	}

	do(t, ctx, "ask to erase", chromedp.Click(chromedp.CSS(`#erase-contact`)))
	waitFor(t, ctx, "confirm step", `!document.querySelector("#erase-confirm").hidden`)
	if text := eval[string](t, ctx, `document.querySelector("#erase-confirm").textContent`); !strings.Contains(text, "Dora Lind") || !strings.Contains(text, "cannot be undone") {
		t.Errorf("confirm text = %q", text)
	}
	do(t, ctx, "cancel", chromedp.Click(chromedp.CSS(`#erase-no`)))
	waitFor(t, ctx, "confirm step gone", `document.querySelector("#erase-confirm").hidden && !document.querySelector("#erase-contact").hidden`)
	if _, err := st.FindContactByID(bg, "c-dora"); err != nil {
		t.Fatalf("cancel erased the contact: %v", err)
	}

	do(t, ctx, "ask again", chromedp.Click(chromedp.CSS(`#erase-contact`)))
	waitFor(t, ctx, "confirm step", `!document.querySelector("#erase-confirm").hidden`)
	do(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#erase-yes`)))
	waitAcross(t, ctx, "contacts list with a notice", `location.pathname === "/contacts" && !!document.querySelector("#notice")`)
	if notice := eval[string](t, ctx, `document.querySelector("#notice").textContent`); !strings.Contains(notice, "Contact erased") || !strings.Contains(notice, "131 mentions") {
		t.Errorf("notice = %q, want the erasure's counts", notice)
	}
	waitFor(t, ctx, "contacts listed", `!!document.querySelector('#contacts tr[data-contact="c-eve"]')`)
	if n := count(t, ctx, `#contacts tr[data-contact="c-dora"]`); n != 0 {
		t.Errorf("the erased contact is still listed")
	}
	if _, err := st.FindContactByID(bg, "c-dora"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("contact after erasure: %v, want ErrNotFound", err)
	}
	if _, n, _ := st.FindMentions(bg, socialcrm.MentionFilter{}); n != 1 {
		t.Errorf("%d mentions left, want Eve's one", n)
	}
	// The notice shows once.
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#contacts`)))
	waitFor(t, ctx, "contacts listed", `!!document.querySelector('#contacts tr[data-contact="c-eve"]')`)
	if n := count(t, ctx, `#notice`); n != 0 {
		t.Error("the notice shows again after a reload")
	}
}

// waitAcross waits until a JavaScript condition holds, across the page
// navigating away meanwhile (which fails a Poll).
func waitAcross(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 20s (last error %v)", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
