package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// maxNoticeAttempts bounds the deliveries of a notice a notifier failed;
// the sweep retries one each SweepEvery.
const maxNoticeAttempts = 10

// noticeMetrics counts SLA notices by status and outcome.
type noticeMetrics struct{ sent *prometheus.CounterVec }

func newNoticeMetrics(reg prometheus.Registerer) (*noticeMetrics, error) {
	m := &noticeMetrics{sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_cases_sla_notices_total",
		Help: "SLA notices of targets at risk or missed, by status and result (delivered, silenced, failed, retry)."},
		[]string{"status", "result"})}
	if reg != nil {
		if err := reg.Register(m.sent); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// recordNotices adds to k a pending notice for each recipient of each of
// its targets that became at risk or was missed and was not notified of
// it yet, and reports whether it added any.
func (c *Cases) recordNotices(ctx context.Context, k *socialcrm.Case, now time.Time) (bool, error) {
	added := false
	for i := range k.Targets {
		t := &k.Targets[i]
		var st string
		switch {
		case t.Status == socialcrm.TargetMissed && !slices.Contains(t.Notified, socialcrm.TargetMissed):
			st = socialcrm.TargetMissed
		case t.Status == socialcrm.TargetAtRisk && !slices.Contains(t.Notified, socialcrm.TargetAtRisk):
			st = socialcrm.TargetAtRisk
		default:
			continue
		}
		to, err := c.recipients(ctx, k, st)
		if err != nil {
			return added, err
		}
		t.Notified = append(t.Notified, st)
		if st == socialcrm.TargetMissed && !slices.Contains(t.Notified, socialcrm.TargetAtRisk) {
			t.Notified = append(t.Notified, socialcrm.TargetAtRisk) // no at-risk notice after a miss
		}
		for _, r := range to {
			id := fmt.Sprintf("%s/%d/%s/%s", k.ID, i, st, r[0])
			k.Notices = append(k.Notices, socialcrm.SLANotice{ID: id, CaseID: k.ID, Target: t.Name, Status: st,
				DueAt: t.DueAt, Recipient: r[0], Role: r[1], At: now, State: socialcrm.NoticePending})
			added = true
		}
	}
	trimNotices(k)
	return added, nil
}

// recipients returns who hears of a target of k becoming st, as (user id,
// role) pairs: the assignee (or nobody in particular when unassigned),
// and for a miss also the supervisor of the assignee's first team that has
// one.
func (c *Cases) recipients(ctx context.Context, k *socialcrm.Case, st string) ([][2]string, error) {
	if k.Assignee == "" {
		return [][2]string{{"", socialcrm.RecipientUnassigned}}, nil
	}
	out := [][2]string{{k.Assignee, socialcrm.RecipientAssignee}}
	if st != socialcrm.TargetMissed {
		return out, nil
	}
	sup, err := c.supervisor(ctx, k.Assignee)
	if err != nil {
		return nil, err
	}
	if sup != "" && sup != k.Assignee {
		out = append(out, [2]string{sup, socialcrm.RecipientSupervisor})
	}
	return out, nil
}

// supervisor returns the supervisor of the first of the user's teams that
// has one, or "".
func (c *Cases) supervisor(ctx context.Context, userID string) (string, error) {
	u, err := c.store.FindUserByID(ctx, userID)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, id := range u.Teams {
		t, err := c.store.FindTeamByID(ctx, id)
		if errors.Is(err, socialcrm.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if t.Supervisor != "" {
			return t.Supervisor, nil
		}
	}
	return "", nil
}

// trimNotices drops the oldest settled notices past MaxCaseNotices.
func trimNotices(k *socialcrm.Case) {
	for len(k.Notices) > socialcrm.MaxCaseNotices {
		i := slices.IndexFunc(k.Notices, func(n socialcrm.SLANotice) bool { return n.State != socialcrm.NoticePending })
		if i < 0 {
			i = 0
		}
		k.Notices = slices.Delete(k.Notices, i, i+1)
	}
}

// deliverNotices sends the pending notices of the cases ids through the
// notifiers, without holding the lock while it waits for them, and
// records each outcome on its case.
func (c *Cases) deliverNotices(ctx context.Context, ids []string) error {
	var errs []error
	for _, id := range ids {
		k, err := c.store.FindCaseByID(ctx, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		outcome := map[string]socialcrm.SLANotice{}
		for _, n := range k.Notices {
			if n.State == socialcrm.NoticePending {
				outcome[n.ID] = c.send(ctx, k, n)
			}
		}
		if len(outcome) > 0 {
			errs = append(errs, c.settle(ctx, id, outcome))
		}
	}
	return errors.Join(errs...)
}

// send delivers one notice and returns it with its new state.
func (c *Cases) send(ctx context.Context, k *socialcrm.Case, n socialcrm.SLANotice) socialcrm.SLANotice {
	now := c.conf.Now().UTC()
	a := noticeAlert(k, &n, now)
	if c.conf.Silenced != nil && c.conf.Silenced(a, now) {
		n.State = socialcrm.NoticeSilenced
		c.notices.sent.WithLabelValues(n.Status, "silenced").Inc()
		return n
	}
	n.Attempts++
	var errs []string
	retry := false
	for _, nt := range c.conf.Notifiers {
		again, err := nt.Notify(ctx, a)
		if err != nil {
			errs = append(errs, nt.Name()+": "+err.Error())
			retry = retry || again
		}
	}
	switch {
	case len(errs) == 0:
		n.State, n.Error, n.SentAt = socialcrm.NoticeDelivered, "", &now
		c.notices.sent.WithLabelValues(n.Status, "delivered").Inc()
	case retry && n.Attempts < maxNoticeAttempts:
		n.Error = strings.Join(errs, "; ")
		c.notices.sent.WithLabelValues(n.Status, "retry").Inc()
	default:
		n.State, n.Error = socialcrm.NoticeFailed, strings.Join(errs, "; ")
		c.notices.sent.WithLabelValues(n.Status, "failed").Inc()
		c.log.Warn("SLA notice not delivered", "case_id", k.ID, "notice_id", n.ID, "err", n.Error)
	}
	return n
}

// settle records the outcomes of notices on their case.
func (c *Cases) settle(ctx context.Context, id string, outcome map[string]socialcrm.SLANotice) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, err := c.store.FindCaseByID(ctx, id)
	if err != nil {
		return err
	}
	for i, n := range k.Notices {
		if o, ok := outcome[n.ID]; ok && n.State == socialcrm.NoticePending {
			k.Notices[i] = o
		}
	}
	k.UpdatedAt = c.conf.Now()
	return c.store.SaveCase(ctx, k)
}

// noticeAlert is the alert the notifiers get for a notice.
func noticeAlert(k *socialcrm.Case, n *socialcrm.SLANotice, now time.Time) *socialcrm.Alert {
	reason, sev := socialcrm.ReasonSLAAtRisk, socialcrm.SeverityWarning
	if n.Status == socialcrm.TargetMissed {
		reason, sev = socialcrm.ReasonSLAMissed, socialcrm.SeverityCritical
	}
	a := &socialcrm.Alert{V: 1, ID: n.ID, Brand: k.Brand, Reason: reason, Severity: sev, Status: socialcrm.AlertFiring,
		Start: k.OpenedAt, End: now, Mentions: k.Mentions[:min(len(k.Mentions), 5)], CreatedAt: n.At, UpdatedAt: now, SLA: n}
	if k.ContactID != "" {
		a.Contacts = []string{k.ContactID}
	}
	return a
}
