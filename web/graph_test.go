package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// graphServer serves a graph where alice (a contact) talks often and both
// ways with bob, and many fans share the brand account's posts.
func graphServer(t *testing.T, withGraph bool) *httptest.Server {
	t.Helper()
	st := memory.New()
	ctx := context.Background()
	err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c1", Name: "Alice",
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "@Alice"}}},
		&socialcrm.Contact{ID: "c2", Name: "Robert",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "bob"}, {Network: "bluesky", Handle: "acme"}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &web.Server{Store: st}
	if withGraph {
		conf := graph.DefaultConfig()
		conf.AnalyzeEvery = 0
		conf.BrandAccounts = map[string]string{"mastodon:acme": "acme"}
		g, err := graph.New(conf, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		in := func(from, to string, k socialcrm.InteractionKind, brand string) socialcrm.Interaction {
			at = at.Add(time.Hour)
			return socialcrm.Interaction{V: 1, From: from, To: to, Kind: k, At: at, Source: "mastodon", Brand: brand}
		}
		var ins []socialcrm.Interaction
		for range 5 {
			ins = append(ins, in("mastodon:alice", "mastodon:bob", socialcrm.KindReply, "acme"),
				in("mastodon:bob", "mastodon:alice", socialcrm.KindReply, "acme"))
		}
		for _, fan := range []string{"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"} {
			ins = append(ins, in("mastodon:"+fan, "mastodon:acme", socialcrm.KindShare, "acme"),
				in("mastodon:"+fan, "mastodon:carol", socialcrm.KindLike, "globex"))
		}
		ins = append(ins, in("mastodon:alice", "mastodon:acme", socialcrm.KindMention, "acme"))
		if err := g.Add(ins...); err != nil {
			t.Fatal(err)
		}
		srv.Graph = g
	}
	return serve(t, srv, srv.Store)
}

func graphGetJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := client(t, url).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return resp.StatusCode
}

func TestGraph_ContactTies(t *testing.T) {
	ts := graphServer(t, true)
	var got struct {
		ContactID string          `json:"contact_id"`
		Keys      []string        `json:"keys"`
		Ties      []socialcrm.Tie `json:"ties"`
	}
	if code := graphGetJSON(t, ts.URL+"/api/v1/contacts/c1/ties", &got); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(got.Keys) != 1 || got.Keys[0] != "mastodon:alice" || len(got.Ties) != 2 {
		t.Fatalf("ties = %+v, want alice's 2 ties", got)
	}
	bob := got.Ties[0]
	if bob.To != "mastodon:bob" || bob.Class != socialcrm.TieStrong || !bob.Reciprocal || len(bob.Reasons) == 0 {
		t.Errorf("strongest tie = %+v, want strong reciprocal tie to bob with reasons", bob)
	}
	if bob.ContactID != "c2" {
		t.Errorf("bob's contact = %q, want c2", bob.ContactID)
	}
	if got.Ties[1].Role != "brand" || got.Ties[1].ContactID != "" {
		t.Errorf("tie to acme = %+v, want the brand account and no contact (c2 is acme on bluesky)", got.Ties[1])
	}
	var e map[string]string
	if code := graphGetJSON(t, ts.URL+"/api/v1/contacts/nope/ties", &e); code != http.StatusNotFound {
		t.Errorf("unknown contact: status %d, want 404", code)
	}
	if code := graphGetJSON(t, ts.URL+"/api/v1/contacts/c1/ties?limit=x", &e); code != http.StatusBadRequest {
		t.Errorf("bad limit: status %d, want 400", code)
	}
}

func TestGraph_InfluencersCommunitiesEgo(t *testing.T) {
	ts := graphServer(t, true)
	var inf struct {
		Brand       string                 `json:"brand"`
		Influencers []socialcrm.Influencer `json:"influencers"`
	}
	if code := graphGetJSON(t, ts.URL+"/api/v1/graph/influencers?brand=acme&limit=3", &inf); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if len(inf.Influencers) != 3 || inf.Influencers[0].Key != "mastodon:acme" {
		t.Errorf("acme influencers = %+v, want the brand account first", inf.Influencers)
	}
	for _, i := range inf.Influencers {
		if i.Key == "mastodon:carol" {
			t.Errorf("carol only took part in globex talk: %+v", inf.Influencers)
		}
	}
	var rep socialcrm.CommunityReport
	if code := graphGetJSON(t, ts.URL+"/api/v1/graph/communities", &rep); code != http.StatusOK || rep.Count < 2 || len(rep.Communities) != rep.Count {
		t.Errorf("communities: status %d report %+v", code, rep)
	}
	var ego socialcrm.Ego
	if code := graphGetJSON(t, ts.URL+"/api/v1/graph/ego/mastodon:alice", &ego); code != http.StatusOK {
		t.Fatalf("ego status %d", code)
	}
	if ego.Center != "mastodon:alice" || len(ego.Nodes) != 3 || len(ego.Edges) != 2 {
		t.Errorf("ego = %+v, want alice, bob and acme with 2 edges", ego)
	}
	var e map[string]string
	if code := graphGetJSON(t, ts.URL+"/api/v1/graph/ego/mastodon:nobody", &e); code != http.StatusNotFound {
		t.Errorf("unknown author: status %d, want 404", code)
	}
}

func TestGraph_Unavailable(t *testing.T) {
	ts := graphServer(t, false)
	for _, path := range []string{"/api/v1/contacts/c1/ties", "/api/v1/graph/communities", "/api/v1/graph/influencers", "/api/v1/graph/ego/x"} {
		if code := graphGetJSON(t, ts.URL+path, nil); code != http.StatusServiceUnavailable {
			t.Errorf("%s without a graph: status %d, want 503", path, code)
		}
	}
}
