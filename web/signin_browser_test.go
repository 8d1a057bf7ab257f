package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// signIn creates a user of role and signs the browser in as them through
// the sign-in page, which an anonymous visit to the overview leads to.
func signIn(t *testing.T, ctx context.Context, base string, users socialcrm.UserStore, role socialcrm.Role) *socialcrm.User {
	t.Helper()
	u := webtest.User(t, users, role)
	do(t, ctx, "open the overview signed out", chromedp.Navigate(base+"/contacts"), chromedp.WaitVisible(chromedp.CSS(`#signin-form`)))
	if got := eval[string](t, ctx, `location.pathname + location.search`); got != "/signin?next="+url.QueryEscape("/contacts") {
		t.Errorf("anonymous visit landed on %s, want the sign-in page", got)
	}
	do(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS(`#email`), u.Email), chromedp.SendKeys(chromedp.CSS(`#password`), webtest.Password),
		chromedp.Click(chromedp.CSS(`#signin-form button[type=submit]`)))
	waitAcross(t, ctx, "back where it was headed", `location.pathname === "/contacts" && document.querySelector("#who-name").textContent !== ""`)
	return u
}
