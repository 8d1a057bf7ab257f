// Package storetest is the conformance suite every socialcrm.Store must
// pass. Each behaviour is written once here and run against store/memory and
// store/postgres:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) socialcrm.Store { return memory.New() })
//	}
//
// Beyond the contracts documented on the root interfaces, the suite pins
// down what they leave open, so that both stores behave alike:
//
//   - Times are kept to the microsecond and returned in UTC.
//   - Nil and empty slices and maps are equivalent.
//   - A save is all or nothing: when one item of a batch is invalid or
//     conflicts, nothing of the batch is stored.
//   - Within one SaveMentions batch the last copy of an ID wins.
//   - MentionFilter.Since and Until select Since <= CreatedAt < Until;
//     the same for SummaryFilter. FindMentions orders by CreatedAt then ID,
//     both descending. A negative Offset or Limit, or an unknown sentiment
//     label in a filter, is ErrInvalid.
//   - Summary buckets start at multiples of Window since the Unix epoch;
//     mentions without sentiment and tombstones are not counted. A Window
//     below one second (other than 0) is ErrInvalid.
//   - A tombstone (DeleteMention, or a saved mention with Deleted set) has
//     its text, author, URL, target, place, entities and extra fields
//     erased, keeps its ID, source, brand, time and scores, and stays a
//     tombstone when the mention is saved again.
//   - ContactFilter.Query matches a substring of the name, the email or a
//     handle, ignoring case (and a leading "@" for handles). FindContacts
//     orders by name then ID; FindAccounts by value descending then ID.
//   - Identities are the same when their network matches and either the
//     handles match ignoring case and a leading "@", or the native IDs
//     match. A contact listing the same identity twice is ErrInvalid.
//   - A zero CreatedAt of a contact, account or alert keeps the stored one
//     (or is set to the time of the first save); a zero UpdatedAt is set to
//     the time of the save.
//   - FindAlerts orders by Start then ID, both descending; Since selects
//     alerts with Start >= Since; Limit -1 returns all. Alerts without a
//     fingerprint are never in conflict.
//   - CountSeries counts only live scored mentions with a brand, a topic
//     once per time it is listed; buckets start at multiples of Window. Account tiers must be known or empty.
//   - FindCases orders by DueAt then ID, both ascending; DueBefore selects
//     open cases with DueAt < DueBefore. Saving a case with another case
//     of its key active is ErrConflict, whatever the order of the saves.
//     CaseFilter.Assignee "" selects the unassigned cases.
//   - Stores copy what they are given and what they return: changing a
//     saved or returned value does not change the store.
//   - User emails are stored in lower case and are unique ignoring case;
//     FindUsers orders by email. Disabled users stay findable. A session
//     needs an existing user, and so does a token; FindTokens orders by
//     CreatedAt then ID, both descending. The audit trail is append-only;
//     FindAudit orders by At then ID, both descending, and keeps Before
//     and After as equivalent JSON (Postgres may respace it).
//   - Contacts and accounts keep their tags normalized (socialcrm.NormalizeTags:
//     trimmed, lower case, without duplicates); a lifecycle stage must be
//     known, an owner must be an ID.
//   - FindActivities orders by CreatedAt then ID, both descending; Until
//     selects CreatedAt < Until. Only tasks have a due time, a done mark
//     and an assignee; an update keeps an activity's kind, record, author
//     and CreatedAt. A task's reminder is set only by SetActivityReminder,
//     from the state it expects (ErrConflict otherwise), and an update
//     that changes the due time or the assignee clears it.
//   - Text that Postgres cannot hold (NUL characters, invalid UTF-8) is
//     stored with U+FFFD in its place, in IDs and keys too, rather than
//     failing the save; raw JSON in Mention.Extra must be valid (ErrInvalid).
//   - A mention with a field over its limit (socialcrm.Mention.CheckBounds:
//     ids, handles, brand, source, lang, rule, URL, topics, contacts…) is
//     ErrInvalid and its batch stores nothing; at the limit it is stored.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/socialcrm/socialcrm"
)

// Open returns a new, empty store for one test and arranges (with t.Cleanup)
// for it to be closed when the test ends. It is called from parallel tests.
type Open func(t *testing.T) socialcrm.Store

// Run runs the whole conformance suite against the stores open returns.
func Run(t *testing.T, open Open) {
	t.Run("MentionStore", func(t *testing.T) { testMentionStore(t, open) })
	t.Run("MentionsByAccount", func(t *testing.T) { testMentionsByAccount(t, open) })
	t.Run("MentionsBySegment", func(t *testing.T) { testMentionsBySegment(t, open) })
	t.Run("SentimentSummary", func(t *testing.T) { testSentimentSummary(t, open) })
	t.Run("SentimentBreakdown", func(t *testing.T) { testSentimentBreakdown(t, open) })
	t.Run("SummaryContact", func(t *testing.T) { testSummaryContact(t, open) })
	t.Run("SummarizeAccounts", func(t *testing.T) { testSummarizeAccounts(t, open) })
	t.Run("AccountCurrency", func(t *testing.T) { testAccountCurrency(t, open) })
	t.Run("CountSeries", func(t *testing.T) { testCountSeries(t, open) })
	t.Run("ContactStore", func(t *testing.T) { testContactStore(t, open) })
	t.Run("AccountStore", func(t *testing.T) { testAccountStore(t, open) })
	t.Run("AlertStore", func(t *testing.T) { testAlertStore(t, open) })
	t.Run("OpenAlerts", func(t *testing.T) { testOpenAlerts(t, open) })
	t.Run("AlertStatusForward", func(t *testing.T) { testAlertStatusForward(t, open) })
	t.Run("CaseStore", func(t *testing.T) { testCaseStore(t, open) })
	t.Run("LeadStore", func(t *testing.T) { testLeadStore(t, open) })
	t.Run("SLACase", func(t *testing.T) { testSLACase(t, open) })
	t.Run("OpportunityStore", func(t *testing.T) { testOpportunityStore(t, open) })
	t.Run("TeamStore", func(t *testing.T) { testTeamStore(t, open) })
	t.Run("StateStore", func(t *testing.T) { testStateStore(t, open) })
	t.Run("NonceStore", func(t *testing.T) { testNonceStore(t, open) })
	t.Run("GraphStore", func(t *testing.T) { testGraphStore(t, open) })
	t.Run("UserStore", func(t *testing.T) { testUserStore(t, open) })
	t.Run("SessionStore", func(t *testing.T) { testSessionStore(t, open) })
	t.Run("TokenStore", func(t *testing.T) { testTokenStore(t, open) })
	t.Run("AuditStore", func(t *testing.T) { testAuditStore(t, open) })
	t.Run("ActivityStore", func(t *testing.T) { testActivityStore(t, open) })
	t.Run("ActivityReminder", func(t *testing.T) { testActivityReminder(t, open) })
	t.Run("RecordFields", func(t *testing.T) { testRecordFields(t, open) })
	t.Run("ContactMerge", func(t *testing.T) { testContactMerge(t, open) })
	t.Run("Erase", func(t *testing.T) { testErase(t, open) })
	t.Run("ErasedStore", func(t *testing.T) { testErasedStore(t, open) })
	t.Run("ConsentStore", func(t *testing.T) { testConsentStore(t, open) })
	t.Run("LeadConsentStore", func(t *testing.T) { testLeadConsentStore(t, open) })
	t.Run("SegmentStore", func(t *testing.T) { testSegmentStore(t, open) })
	t.Run("SalesReport", func(t *testing.T) { testSalesReport(t, open) })
	t.Run("RetentionStore", func(t *testing.T) { testRetentionStore(t, open) })
	t.Run("Bounds", func(t *testing.T) { testBounds(t, open) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open) })
	t.Run("ChangeFeed", func(t *testing.T) { testChangeFeed(t, open) })
	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		if err := open(t).Ping(context.Background()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
}

// t0 is the base time of the fixtures.
var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// at returns t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

func ptr[T any](v T) *T { return &v }

// opts compares stored values with what was saved.
var opts = cmp.Options{cmpopts.EquateEmpty()}

// diff fails t when want and got differ.
func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, opts); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// must fails t at once when err is not nil.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantErr fails t unless err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want one wrapping %q", what, err, target)
	}
}

// recent fails t unless tm lies between from (minus a second) and now
// (plus a second), for times the store sets itself.
func recent(t *testing.T, what string, tm, from time.Time) {
	t.Helper()
	if tm.Before(from.Add(-time.Second)) || tm.After(time.Now().Add(time.Second)) {
		t.Errorf("%s = %v, want a time between %v and now", what, tm, from)
	}
}
