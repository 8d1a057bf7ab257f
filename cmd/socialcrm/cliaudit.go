package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os/user"
	"time"

	"github.com/socialcrm/socialcrm"
)

// auditCLI records a change made from the command line (users, tokens)
// in the audit trail, as the API records its own: the actor is "cli:"
// and the operating-system user who ran the command.
func auditCLI(ctx context.Context, st socialcrm.AuditStore, action, target string) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	actor := "cli"
	if u, err := user.Current(); err == nil && u.Username != "" {
		actor = "cli:" + u.Username
	}
	err := st.AppendAudit(ctx, &socialcrm.AuditEntry{ID: "au-cli-" + id, At: time.Now(), Actor: actor,
		Action: "cli " + action, Target: target, RequestID: id})
	if err != nil {
		return fmt.Errorf("%s: the change was made but could not be audited: %w", action, err)
	}
	return nil
}
