package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// lead returns a new lead of acme from a mention, with a mastodon
// identity.
func lead(id, name string) *socialcrm.Lead {
	return &socialcrm.Lead{ID: id, Name: name, Company: "Initech", Email: strings.ToLower(name) + "@initech.example",
		Brand: "acme", Source: socialcrm.LeadFromMention, Status: socialcrm.LeadNew, Score: 40,
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: strings.ToLower(name) + "@example.social", NativeID: "n-" + id}},
		Mentions:   []string{"mastodon:" + id}, CreatedAt: t0, UpdatedAt: t0}
}

func leadIDs(ls []*socialcrm.Lead) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.ID
	}
	return out
}

// testLeadStore checks creating, changing and finding leads.
func testLeadStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("CreateLead", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := lead("l1", "Peter")
		must(t, "CreateLead", s.CreateLead(ctx, l))
		got, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		diff(t, "lead", l, got)
		wantErr(t, "CreateLead of an existing id", s.CreateLead(ctx, lead("l1", "Other")), socialcrm.ErrConflict)
		got, _ = s.FindLeadByID(ctx, "l1")
		if got.Name != "Peter" {
			t.Errorf("a refused create changed the lead: name %q", got.Name)
		}
		_, err = s.FindLeadByID(ctx, "nobody")
		wantErr(t, "FindLeadByID of an unknown id", err, socialcrm.ErrNotFound)
	})
	t.Run("Timestamps", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		before := time.Now()
		l := lead("l1", "Peter")
		l.CreatedAt, l.UpdatedAt = time.Time{}, time.Time{}
		must(t, "CreateLead", s.CreateLead(ctx, l))
		got, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		recent(t, "created_at", got.CreatedAt, before)
		recent(t, "updated_at", got.UpdatedAt, before)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, change := range map[string]func(*socialcrm.Lead){
			"no id":                      func(l *socialcrm.Lead) { l.ID = "" },
			"path id":                    func(l *socialcrm.Lead) { l.ID = "../x" },
			"no name":                    func(l *socialcrm.Lead) { l.Name = " " },
			"bad email":                  func(l *socialcrm.Lead) { l.Email = "not-an-email" },
			"unknown status":             func(l *socialcrm.Lead) { l.Status = "hot" },
			"unknown source":             func(l *socialcrm.Lead) { l.Source = "fax" },
			"disqualified without cause": func(l *socialcrm.Lead) { l.Status = socialcrm.LeadDisqualified },
			"converted without contact":  func(l *socialcrm.Lead) { l.Status = socialcrm.LeadConverted },
			"score over 100":             func(l *socialcrm.Lead) { l.Score = 101 },
			"identity twice":             func(l *socialcrm.Lead) { l.Identities = append(l.Identities, l.Identities[0]) },
		} {
			l := lead("l1", "Peter")
			change(l)
			wantErr(t, "CreateLead with "+name, s.CreateLead(ctx, l), socialcrm.ErrInvalid)
		}
		if _, n, err := s.FindLeads(ctx, socialcrm.LeadFilter{}); err != nil || n != 0 {
			t.Errorf("after refused creates: %d leads (err %v), want none", n, err)
		}
	})
	t.Run("FindConverted", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, id := range []string{"l1", "l2", "l3"} {
			l := lead(id, "Peter"+id)
			if id != "l3" {
				l.Status, l.ContactID, l.AccountID = socialcrm.LeadConverted, "c-"+id, "acc1"
			}
			must(t, "CreateLead", s.CreateLead(ctx, l))
		}
		for name, c := range map[string]struct {
			f    socialcrm.LeadFilter
			want []string
		}{
			"Contact":   {socialcrm.LeadFilter{ContactID: ptr("c-l2")}, []string{"l2"}},
			"Account":   {socialcrm.LeadFilter{AccountID: ptr("acc1")}, []string{"l1", "l2"}},
			"NoAccount": {socialcrm.LeadFilter{AccountID: ptr("")}, []string{"l3"}},
		} {
			got, _, err := s.FindLeads(ctx, c.f)
			must(t, "FindLeads "+name, err)
			ids := leadIDs(got)
			slices.Sort(ids)
			diff(t, "FindLeads "+name, c.want, ids)
		}
	})
	t.Run("UpdateLead", func(t *testing.T) { testUpdateLead(t, open) })
	t.Run("FindLeads", func(t *testing.T) { testFindLeads(t, open) })
	t.Run("Bounds", func(t *testing.T) { testLeadBounds(t, open) })
	t.Run("ConvertLead", func(t *testing.T) { testConvertLead(t, open) })
}

func testUpdateLead(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		before := time.Now()
		got, err := s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error {
			l.CreatedAt = at(time.Hour) // ignored: created stays
			return socialcrm.LeadPatch{Status: ptr(socialcrm.LeadWorking), Owner: ptr("u-ana")}.Apply(l)
		})
		must(t, "UpdateLead", err)
		want := lead("l1", "Peter")
		want.Status, want.Owner, want.UpdatedAt = socialcrm.LeadWorking, "u-ana", got.UpdatedAt
		diff(t, "updated lead", want, got)
		recent(t, "updated_at", got.UpdatedAt, before)
		stored, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		diff(t, "stored lead", got, stored)
	})
	t.Run("Refused", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		_, err := s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error {
			return socialcrm.LeadPatch{Status: ptr(socialcrm.LeadConverted)}.Apply(l)
		})
		wantErr(t, "UpdateLead to converted", err, socialcrm.ErrConflict)
		_, err = s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error {
			l.Name = "Changed"
			return socialcrm.LeadPatch{Status: ptr(socialcrm.LeadDisqualified)}.Apply(l)
		})
		wantErr(t, "UpdateLead to disqualified without a reason", err, socialcrm.ErrInvalid)
		_, err = s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error { l.Email = "nope"; return nil })
		wantErr(t, "UpdateLead to a bad email", err, socialcrm.ErrInvalid)
		_, err = s.UpdateLead(ctx, "nobody", func(l *socialcrm.Lead) error { return nil })
		wantErr(t, "UpdateLead of an unknown id", err, socialcrm.ErrNotFound)
		got, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		diff(t, "lead after refused updates", lead("l1", "Peter"), got)
	})
	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				_, err := s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error {
					l.AddMention(fmt.Sprintf("x:%d", i))
					return nil
				})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, "UpdateLead", err)
		}
		got, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		if len(got.Mentions) != 21 {
			t.Errorf("after 20 concurrent updates the lead has %d mentions, want 21: updates were lost", len(got.Mentions))
		}
	})
}

func testFindLeads(t *testing.T, open Open) {
	ctx := context.Background()
	t.Parallel()
	s := open(t)
	names := []string{"Peter", "Milton", "Samir", "Joanna"}
	for i, n := range names {
		l := lead(fmt.Sprintf("l%d", i+1), n)
		l.CreatedAt, l.UpdatedAt = at(time.Duration(i)*time.Hour), at(time.Duration(i)*time.Hour)
		if i%2 == 1 {
			l.Status, l.Owner, l.Source, l.Brand = socialcrm.LeadWorking, "u-ana", socialcrm.LeadFromForm, "globex"
		}
		must(t, "CreateLead", s.CreateLead(ctx, l))
	}
	key := socialcrm.Identity{Network: "mastodon", Handle: "@SAMIR@example.social"}.UniqueKeys()[0]
	for name, c := range map[string]struct {
		f    socialcrm.LeadFilter
		want []string
		n    int
	}{
		"All":      {socialcrm.LeadFilter{}, []string{"l4", "l3", "l2", "l1"}, 4},
		"Page":     {socialcrm.LeadFilter{Offset: 1, Limit: 2}, []string{"l3", "l2"}, 4},
		"Status":   {socialcrm.LeadFilter{Status: ptr(socialcrm.LeadWorking)}, []string{"l4", "l2"}, 2},
		"Owner":    {socialcrm.LeadFilter{Owner: ptr("u-ana")}, []string{"l4", "l2"}, 2},
		"Unowned":  {socialcrm.LeadFilter{Owner: ptr("")}, []string{"l3", "l1"}, 2},
		"Source":   {socialcrm.LeadFilter{Source: ptr(socialcrm.LeadFromMention)}, []string{"l3", "l1"}, 2},
		"Brand":    {socialcrm.LeadFilter{Brand: ptr("globex")}, []string{"l4", "l2"}, 2},
		"Identity": {socialcrm.LeadFilter{Identity: &key}, []string{"l3"}, 1},
		"Name":     {socialcrm.LeadFilter{Query: ptr("MILT")}, []string{"l2"}, 1},
		"Email":    {socialcrm.LeadFilter{Query: ptr("joanna@")}, []string{"l4"}, 1},
		"Company":  {socialcrm.LeadFilter{Query: ptr("initech")}, []string{"l4", "l3", "l2", "l1"}, 4},
		"Handle":   {socialcrm.LeadFilter{Query: ptr("@peter@example")}, []string{"l1"}, 1},
		"None":     {socialcrm.LeadFilter{Query: ptr("zzz")}, nil, 0},
	} {
		got, n, err := s.FindLeads(ctx, c.f)
		must(t, "FindLeads "+name, err)
		diff(t, "FindLeads "+name, c.want, leadIDs(got))
		if n != c.n {
			t.Errorf("FindLeads %s: total %d, want %d", name, n, c.n)
		}
	}
	for name, f := range map[string]socialcrm.LeadFilter{
		"status": {Status: ptr("hot")}, "source": {Source: ptr("fax")}, "offset": {Offset: -1}, "limit": {Limit: -2},
	} {
		_, _, err := s.FindLeads(ctx, f)
		wantErr(t, "FindLeads with a bad "+name, err, socialcrm.ErrInvalid)
	}
}

// oversizedLead sets one field of a lead to a value of n characters.
var oversizedLead = map[string]struct {
	max int
	set func(l *socialcrm.Lead, v string)
}{
	"ID":       {socialcrm.MaxIDLen, func(l *socialcrm.Lead, v string) { l.ID = v }},
	"Name":     {socialcrm.MaxNameLen, func(l *socialcrm.Lead, v string) { l.Name = v }},
	"Company":  {socialcrm.MaxCompanyLen, func(l *socialcrm.Lead, v string) { l.Company = v }},
	"Owner":    {socialcrm.MaxIDLen, func(l *socialcrm.Lead, v string) { l.Owner = v }},
	"Brand":    {socialcrm.MaxLabelBytes, func(l *socialcrm.Lead, v string) { l.Brand = v }},
	"Reason":   {socialcrm.MaxReasonLen, func(l *socialcrm.Lead, v string) { l.Status, l.Reason = socialcrm.LeadDisqualified, v }},
	"Handle":   {socialcrm.MaxHandleLen, func(l *socialcrm.Lead, v string) { l.Identities[0].Handle = v }},
	"NativeID": {socialcrm.MaxNativeIDLen, func(l *socialcrm.Lead, v string) { l.Identities[0].NativeID = v }},
	"Network":  {socialcrm.MaxNetworkLen, func(l *socialcrm.Lead, v string) { l.Identities[0].Network = v }},
	"Mention":  {socialcrm.MaxIDBytes, func(l *socialcrm.Lead, v string) { l.Mentions = []string{v} }},
	"Email": {socialcrm.MaxEmailLen, func(l *socialcrm.Lead, v string) {
		l.Email = v[:len(v)-len("@x.example")] + "@x.example"
	}},
}

// testLeadBounds creates leads with one field 10 KB long: both stores
// refuse them with ErrInvalid and store nothing, and both store the field
// at its limit.
func testLeadBounds(t *testing.T, open Open) {
	ctx := context.Background()
	for name, f := range oversizedLead {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			bad := lead("bad", "Peter")
			f.set(bad, strings.Repeat("a", 10<<10))
			err := s.CreateLead(ctx, bad)
			wantErr(t, "CreateLead with a 10 KB "+name, err, socialcrm.ErrInvalid)
			if err != nil && !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(name[:min(3, len(name))])) {
				t.Errorf("CreateLead with a 10 KB %s: error %q does not name the field", name, err)
			}
			if _, n, err := s.FindLeads(ctx, socialcrm.LeadFilter{}); err != nil || n != 0 {
				t.Fatalf("after a refused lead: %d leads stored (err %v), want none", n, err)
			}
			edge := lead("edge", "Peter")
			f.set(edge, strings.Repeat("a", f.max))
			must(t, "CreateLead at the limit of "+name, s.CreateLead(ctx, edge))
			got, _, err := s.FindLeads(ctx, socialcrm.LeadFilter{})
			must(t, "FindLeads", err)
			if len(got) != 1 {
				t.Fatalf("FindLeads at the limit of %s: %d leads", name, len(got))
			}
			diff(t, "lead at the limit of "+name, edge, got[0])
			_, err = s.UpdateLead(ctx, got[0].ID, func(l *socialcrm.Lead) error { f.set(l, strings.Repeat("a", 10<<10)); return nil })
			if !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("UpdateLead to a 10 KB %s: %v, want ErrInvalid", name, err)
			}
		})
	}
}
