package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// oversized sets one field of a mention to n bytes, for the bounds tests.
var oversized = map[string]struct {
	max int
	set func(m *socialcrm.Mention, v string)
}{
	"ID":           {socialcrm.MaxIDBytes, func(m *socialcrm.Mention, v string) { m.ID = "x:" + v[2:] }},
	"ParentID":     {socialcrm.MaxIDBytes, func(m *socialcrm.Mention, v string) { m.ParentID = v }},
	"Source":       {socialcrm.MaxLabelBytes, func(m *socialcrm.Mention, v string) { m.Source = v }},
	"Brand":        {socialcrm.MaxLabelBytes, func(m *socialcrm.Mention, v string) { m.Brand = v }},
	"Rule":         {socialcrm.MaxLabelBytes, func(m *socialcrm.Mention, v string) { m.Rule = v }},
	"Lang":         {socialcrm.MaxLangBytes, func(m *socialcrm.Mention, v string) { m.Lang = v }},
	"AuthorID":     {socialcrm.MaxHandleBytes, func(m *socialcrm.Mention, v string) { m.Author.ID = v }},
	"AuthorHandle": {socialcrm.MaxHandleBytes, func(m *socialcrm.Mention, v string) { m.Author.Handle = v }},
	"Target":       {socialcrm.MaxHandleBytes, func(m *socialcrm.Mention, v string) { m.Target = v }},
	"URL":          {socialcrm.MaxURLBytes, func(m *socialcrm.Mention, v string) { m.URL = "https://" + v[8:] }},
	"Topic":        {socialcrm.MaxLabelBytes, func(m *socialcrm.Mention, v string) { m.Topics = []string{v} }},
	"Contact":      {socialcrm.MaxIDBytes, func(m *socialcrm.Mention, v string) { m.Contacts = []string{v} }},
}

// testBounds saves mentions with one field 10 KB long, as a raw mention
// may carry: both stores refuse them with ErrInvalid and store nothing of
// the batch (Postgres would otherwise fail on its index row size), and
// both store the same field at its limit.
func testBounds(t *testing.T, open Open) {
	ctx := context.Background()
	for name, f := range oversized {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			ok := mention("ok", "acme", socialcrm.Neutral, t0)
			bad := mention("bad", "acme", socialcrm.Neutral, t0)
			f.set(bad, strings.Repeat("a", 10<<10))
			wantErr(t, "SaveMentions of a 10 KB "+name, s.SaveMentions(ctx, ok, bad), socialcrm.ErrInvalid)
			if _, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{}); err != nil || n != 0 {
				t.Fatalf("after a refused batch: %d mentions stored (err %v), want none", n, err)
			}
			edge := mention("edge", "acme", socialcrm.Neutral, t0)
			f.set(edge, strings.Repeat("a", f.max))
			must(t, "SaveMentions at the limit of "+name, s.SaveMentions(ctx, edge))
			got, err := s.FindMentionByID(ctx, edge.ID)
			must(t, "FindMentionByID at the limit of "+name, err)
			diff(t, "mention at the limit of "+name, edge, got)
		})
	}
}
