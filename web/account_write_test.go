package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestContactFields_LifecycleOwnerTags(t *testing.T) {
	base, st := newRecordAPI(t)
	me := whoAmI(t, base)
	var c socialcrm.Contact
	sendJSON(t, "POST", base+"/api/v1/contacts", `{"id":"c-2","name":"Bo","title":"CFO","lifecycle":"customer","owner":"`+me+`","tags":[" VIP ","vip","Churn  risk"]}`,
		http.StatusCreated, &c)
	if c.Lifecycle != socialcrm.LifecycleCustomer || c.Owner != me || strings.Join(c.Tags, ",") != "vip,churn risk" {
		t.Fatalf("created contact = %+v", c)
	}
	for body, field := range map[string]string{
		`{"id":"c-3","name":"Cy","owner":"u-nobody"}`:    "owner",
		`{"id":"c-3","name":"Cy","lifecycle":"churned"}`: "lifecycle",
	} {
		if code, got := send(t, "POST", base+"/api/v1/contacts", body); code != http.StatusBadRequest || !strings.Contains(got, field) {
			t.Errorf("POST %s: %d %s, want 400 naming %s", body, code, got, field)
		}
	}
	var p socialcrm.Contact
	sendJSON(t, "PATCH", base+"/api/v1/contacts/c-2", `{"owner":null,"tags":null,"lifecycle":"former_customer"}`, http.StatusOK, &p)
	if p.Owner != "" || len(p.Tags) != 0 || p.Lifecycle != socialcrm.LifecycleFormerCustomer || p.Title != "CFO" || p.Name != "Bo" {
		t.Fatalf("patched contact = %+v", p)
	}
	var q socialcrm.Contact
	sendJSON(t, "PATCH", base+"/api/v1/contacts/c-2", `{"title":null}`, http.StatusOK, &q)
	if q.Title != "" || q.Lifecycle != socialcrm.LifecycleFormerCustomer {
		t.Fatalf("contact after title null = %+v", q)
	}
	for body, field := range map[string]string{`{"name":null}`: "name", `{"color":"red"}`: "color", `{"owner":"u-nobody"}`: "owner"} {
		if code, got := send(t, "PATCH", base+"/api/v1/contacts/c-2", body); code != http.StatusBadRequest || !strings.Contains(got, field) {
			t.Errorf("PATCH %s: %d %s, want 400 naming %s", body, code, got, field)
		}
	}
	stored, err := st.FindContactByID(t.Context(), "c-2")
	if err != nil || stored.Name != "Bo" || stored.Lifecycle != socialcrm.LifecycleFormerCustomer {
		t.Fatalf("stored contact = %+v, %v", stored, err)
	}
}

func TestAccountWrites(t *testing.T) {
	base, st := newRecordAPI(t)
	me := whoAmI(t, base)
	var a socialcrm.Account
	sendJSON(t, "POST", base+"/api/v1/accounts", `{"id":"acc-2","name":"Initech","tier":"silver","value":5000,"owner":"`+me+`","tags":["SaaS"]}`,
		http.StatusCreated, &a)
	if a.Name != "Initech" || a.Tier != socialcrm.TierSilver || a.Owner != me || strings.Join(a.Tags, ",") != "saas" || a.CreatedAt.IsZero() {
		t.Fatalf("created account = %+v", a)
	}
	if code, got := send(t, "POST", base+"/api/v1/accounts", `{"id":"acc-2","name":"Other"}`); code != http.StatusConflict || !strings.Contains(got, "PATCH") {
		t.Fatalf("create over an existing id: %d %s, want 409", code, got)
	}
	for body, field := range map[string]string{
		`{"id":"acc-3"}`:                             "name",
		`{"id":"../x","name":"X"}`:                   "id",
		`{"id":"acc-3","name":"X","tier":"iron"}`:    "tier",
		`{"id":"acc-3","name":"X","value":-5}`:       "value",
		`{"id":"acc-3","name":"X","owner":"u-404"}`:  "owner",
		`{"id":"acc-3","name":"X","currency":"eur"}`: "currency",
	} {
		if code, got := send(t, "POST", base+"/api/v1/accounts", body); code != http.StatusBadRequest || !strings.Contains(got, field) {
			t.Errorf("POST %s: %d %s, want 400 naming %s", body, code, got, field)
		}
	}
	var p socialcrm.Account
	sendJSON(t, "PATCH", base+"/api/v1/accounts/acc-2", `{"tier":null,"lifecycle":"customer","value":7500}`, http.StatusOK, &p)
	if p.Tier != "" || p.Lifecycle != socialcrm.LifecycleCustomer || p.Value != 7500 || p.Name != "Initech" || p.Owner != me || len(p.Tags) != 1 {
		t.Fatalf("patched account = %+v", p)
	}
	var c socialcrm.Account
	sendJSON(t, "PATCH", base+"/api/v1/accounts/acc-2", `{"currency":"USD"}`, http.StatusOK, &c)
	if c.Currency != "USD" || c.Value != 7500 {
		t.Fatalf("account after setting its currency = %+v", c)
	}
	if code, got := send(t, "PATCH", base+"/api/v1/accounts/acc-2", `{"currency":"dollars"}`); code != http.StatusBadRequest || !strings.Contains(got, "currency") {
		t.Errorf("PATCH an invalid currency: %d %s, want 400 naming currency", code, got)
	}
	if code, _ := send(t, "PATCH", base+"/api/v1/accounts/acc-404", `{"name":"X"}`); code != http.StatusNotFound {
		t.Errorf("patch of a missing account: %d, want 404", code)
	}
	if code, got := send(t, "PATCH", base+"/api/v1/accounts/acc-2", `{"name":""}`); code != http.StatusBadRequest || !strings.Contains(got, "name") {
		t.Errorf("blank name: %d %s", code, got)
	}
	stored, err := st.FindAccountByID(t.Context(), "acc-2")
	if err != nil || stored.Value != 7500 || stored.Lifecycle != socialcrm.LifecycleCustomer {
		t.Fatalf("stored account = %+v, %v", stored, err)
	}
}
