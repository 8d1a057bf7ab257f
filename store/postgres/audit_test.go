package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// TestAudit_AppendOnly checks that the database itself refuses to change
// or remove audit entries.
func TestAudit_AppendOnly(t *testing.T) {
	st := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
	ctx := context.Background()
	if err := st.AppendAudit(ctx, &socialcrm.AuditEntry{ID: "au-1", At: time.Now(), Actor: "u-ana", Action: "POST /x"}); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{`UPDATE audit SET actor = 'someone else'`, `DELETE FROM audit`} {
		if _, err := st.Pool().Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", sql, err)
		}
	}
	es, err := st.FindAudit(ctx, socialcrm.AuditFilter{})
	if err != nil || len(es) != 1 || es[0].Actor != "u-ana" {
		t.Errorf("after the attempts: %v %v", es, err)
	}
}
