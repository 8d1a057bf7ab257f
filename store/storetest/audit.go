package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testAuditStore(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		for i, e := range []*socialcrm.AuditEntry{
			{Actor: "u-ana", Action: "POST /cases/{id}/assign", Target: "cases/c1", After: json.RawMessage(`{"assignee": "u-bo"}`)},
			{Actor: "token:t-1", Action: "POST /mentions/{id}/sentiment", Target: "mentions/x:1", After: json.RawMessage(`{"label":"negative"}`)},
			{Actor: "u-ana", Action: "GET /contacts/{id}/export", Target: "contacts/c-dora", Status: 200, RequestID: "r-3", RemoteAddr: "192.0.2.1"},
		} {
			e.ID, e.At = fmt.Sprintf("a-%d", i), at(time.Duration(i)*time.Minute)
			must(t, "append", s.AppendAudit(ctx, e))
		}
		all, err := s.FindAudit(ctx, socialcrm.AuditFilter{})
		must(t, "find all", err)
		if len(all) != 3 || all[0].ID != "a-2" || all[2].ID != "a-0" {
			t.Fatalf("FindAudit = %v, want newest first", all)
		}
		diff(t, "export entry", &socialcrm.AuditEntry{ID: "a-2", At: at(2 * time.Minute), Actor: "u-ana", Action: "GET /contacts/{id}/export",
			Target: "contacts/c-dora", Status: 200, RequestID: "r-3", RemoteAddr: "192.0.2.1"}, all[0])
		var after map[string]string
		must(t, "decode after", json.Unmarshal(all[2].After, &after))
		if after["assignee"] != "u-bo" {
			t.Errorf("after = %s", all[2].After)
		}
		for name, tc := range map[string]struct {
			f    socialcrm.AuditFilter
			want []string
		}{
			"actor":  {socialcrm.AuditFilter{Actor: "u-ana"}, []string{"a-2", "a-0"}},
			"action": {socialcrm.AuditFilter{Action: "POST /mentions/{id}/sentiment"}, []string{"a-1"}},
			"target": {socialcrm.AuditFilter{Target: "cases/c1"}, []string{"a-0"}},
			"window": {socialcrm.AuditFilter{Since: at(time.Minute), Until: at(2 * time.Minute)}, []string{"a-1"}},
			"limit":  {socialcrm.AuditFilter{Limit: 1}, []string{"a-2"}},
		} {
			got, err := s.FindAudit(ctx, tc.f)
			must(t, name, err)
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			diff(t, name, tc.want, ids)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		e := &socialcrm.AuditEntry{ID: "a-1", At: at(0), Actor: "u", Action: "x"}
		must(t, "append", s.AppendAudit(ctx, e))
		wantErr(t, "same id", s.AppendAudit(ctx, e), socialcrm.ErrConflict)
		wantErr(t, "no actor", s.AppendAudit(ctx, &socialcrm.AuditEntry{ID: "a-2", At: at(0), Action: "x"}), socialcrm.ErrInvalid)
		wantErr(t, "bad JSON", s.AppendAudit(ctx, &socialcrm.AuditEntry{ID: "a-3", At: at(0), Actor: "u", Action: "x",
			After: json.RawMessage(`{`)}), socialcrm.ErrInvalid)
		_, err := s.FindAudit(ctx, socialcrm.AuditFilter{Limit: -1})
		wantErr(t, "negative limit", err, socialcrm.ErrInvalid)
	})
}
