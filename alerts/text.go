package alerts

import (
	"cmp"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Title is a one-line summary of the alert for chat and mail subjects.
func Title(a *socialcrm.Alert) string {
	what := a.Brand
	if a.Topic != "" {
		what += " / " + a.Topic
	}
	state := strings.ToUpper(a.Status)
	if n := a.Task; n != nil {
		return fmt.Sprintf("[%s %s] task due: %q on %s %s, for %s (due %s)", state, a.Severity, n.Subject, n.RecordKind, n.RecordID,
			cmp.Or(n.Assignee, "nobody"), n.DueAt.UTC().Format(time.RFC3339))
	}
	if n := a.SLA; n != nil {
		return fmt.Sprintf("[%s %s] %s: case %s, %s %s", state, a.Severity, what, n.CaseID,
			strings.ReplaceAll(n.Target, "_", " "), slaWhat(n))
	}
	if a.Reason == socialcrm.ReasonVIP {
		return fmt.Sprintf("[%s %s] %s: negative mention by a VIP contact", state, a.Severity, what)
	}
	return fmt.Sprintf("[%s %s] %s: %.0f negative mentions in %s (expected %.1f)", state, a.Severity, what, a.Observed, a.Window, a.Expected)
}

// slaWhat tells what an SLA notice says and to whom.
func slaWhat(n *socialcrm.SLANotice) string {
	s := "missed"
	if n.Status == socialcrm.TargetAtRisk {
		s = "at risk"
	}
	if n.DueAt != nil {
		s += " (due " + n.DueAt.UTC().Format(time.RFC3339) + ")"
	}
	switch n.Role {
	case socialcrm.RecipientUnassigned:
		return s + ", unassigned"
	case socialcrm.RecipientSupervisor:
		return s + ", escalated to " + n.Recipient + " (supervisor)"
	}
	return s + ", for " + n.Recipient
}

// Details is a plain-text body describing the alert; base, when set, is
// the service's URL for the links to the alert and all its mentions.
func Details(a *socialcrm.Alert, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", Title(a))
	switch {
	case a.Task != nil:
		fmt.Fprintf(&b, "Task %s on %s %s fell due; it is not done.\n", a.Task.TaskID, a.Task.RecordKind, a.Task.RecordID)
		if base != "" {
			fmt.Fprintf(&b, "\nMy tasks: %s/tasks\n", strings.TrimRight(base, "/"))
		}
		return b.String()
	case a.SLA != nil:
		fmt.Fprintf(&b, "Case %s opened %s.\n", a.SLA.CaseID, a.Start.UTC().Format(time.RFC3339))
	default:
		fmt.Fprintf(&b, "Since %s, negative share %.0f%%, reach %.0f followers.\n", a.Start.UTC().Format(time.RFC3339), 100*a.NegShare, a.Reach)
	}
	list := func(name string, xs []string) {
		if len(xs) > 0 {
			fmt.Fprintf(&b, "%s: %s\n", name, strings.Join(xs, ", "))
		}
	}
	list("CRM contacts (most valuable first)", a.Contacts)
	list("Top themes", a.Themes)
	list("Most influential authors", a.Authors)
	list("Sample mentions", a.Mentions)
	if base != "" {
		fmt.Fprintf(&b, "\nAlert: %s\nAll mentions: %s\n", AlertLink(base, a), MentionsLink(base, a))
	}
	return b.String()
}

// AlertLink is the API address of the alert under base.
func AlertLink(base string, a *socialcrm.Alert) string {
	return strings.TrimRight(base, "/") + "/api/v1/alerts/" + url.PathEscape(a.ID)
}

// MentionsLink is the API address listing the negative mentions behind
// the alert: of its brand and, for an alert on a topic or a tracking rule
// ("rule:NAME"), of that topic or rule, over its span; for an alert on a
// segment ("segment:ID"), its members'. The span is widened to whole seconds (until
// is exclusive), so that an alert of one instant, such as a VIP mention,
// still lists its mention.
func MentionsLink(base string, a *socialcrm.Alert) string {
	until := a.End.UTC().Truncate(time.Second).Add(time.Second)
	q := url.Values{"brand": {a.Brand}, "sentiment": {socialcrm.Negative},
		"since": {a.Start.UTC().Truncate(time.Second).Format(time.RFC3339)}, "until": {until.Format(time.RFC3339)}}
	if rule, ok := strings.CutPrefix(a.Topic, "rule:"); ok {
		q.Set("rule", rule)
	} else if seg, ok := strings.CutPrefix(a.Topic, "segment:"); ok {
		q.Set("segment", seg)
	} else if a.Topic != "" {
		q.Set("topic", a.Topic)
	}
	return strings.TrimRight(base, "/") + "/api/v1/mentions?" + q.Encode()
}
