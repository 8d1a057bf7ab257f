package alerts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// newSpikeAlert builds the alert for the window of s that fired.
func (a *Alerter) newSpikeAlert(ctx context.Context, s *series, j judged, now time.Time) *socialcrm.Alert {
	fp := s.key.fingerprint()
	start := j.v.Since
	al := &socialcrm.Alert{
		V: socialcrm.SchemaVersion, ID: alertID(fp, start), Fingerprint: fp,
		Brand: s.key.brand, Topic: s.key.topic, Reason: socialcrm.ReasonSpike,
		Start: start, End: j.c.start.Add(s.p.Window), Window: s.p.Window.String(),
		Observed: j.c.negative, Expected: j.v.Expected, Reach: j.c.reach,
		Status: socialcrm.AlertFiring, CreatedAt: now, UpdatedAt: now,
	}
	if j.c.total > 0 {
		al.NegShare = j.c.negative / j.c.total
	}
	a.brandLevel(al, s, j)
	ms := s.recentMentions()
	vip := a.describe(ctx, al, ms)
	al.Severity = severityOf(j.v.Score, s.p.Threshold, al.Observed, al.Expected, a.boost(al.Reach, vip))
	return al
}

// brandLevel sets the brand-wide counts of the window j of a topic or
// rule series s on its alert al. The brand's series judges each window
// before its topics' (see ordered), so its last window is j's.
func (a *Alerter) brandLevel(al *socialcrm.Alert, s *series, j judged) {
	if s.key.topic == "" {
		return
	}
	if b := a.series[key{s.key.brand, ""}]; b != nil && b.last.c.start.Equal(j.c.start) {
		al.BrandObserved, al.BrandExpected = b.last.c.negative, b.last.v.Expected
	}
}

// boost raises severity for wide reach and for VIP contacts involved.
func (a *Alerter) boost(reach float64, vip bool) int {
	b := 0
	if reach >= 100000 {
		b++
	}
	if vip {
		b++
	}
	return b
}

// describe fills the alert's sample mentions, authors, themes and
// contacts from ms, and reports whether a VIP contact is involved.
func (a *Alerter) describe(ctx context.Context, al *socialcrm.Alert, ms []*socialcrm.Mention) bool {
	n := a.conf.Sample
	reach := make(map[*socialcrm.Mention]float64, len(ms))
	for _, m := range ms {
		reach[m] = a.reach(m)
	}
	byReach := slices.Clone(ms)
	slices.SortStableFunc(byReach, func(x, y *socialcrm.Mention) int { return cmp.Compare(reach[y], reach[x]) })
	al.Mentions, al.Authors = nil, nil
	seenAuthor := map[string]bool{}
	for _, m := range byReach {
		if len(al.Mentions) < n {
			al.Mentions = append(al.Mentions, m.ID)
		}
		if k := m.AuthorKey(); !seenAuthor[k] && len(al.Authors) < n {
			seenAuthor[k] = true
			al.Authors = append(al.Authors, k)
		}
	}
	al.Themes = topThemes(ms, n)
	al.MentionsLink = MentionsLink("", al)
	ranked, vip := a.rankContacts(ctx, ms)
	al.Contacts = ranked[:min(len(ranked), n)]
	return vip
}

// topThemes returns the most frequent topics and entities of ms.
func topThemes(ms []*socialcrm.Mention, n int) []string {
	count := map[string]int{}
	for _, m := range ms {
		seen := map[string]bool{}
		for _, t := range m.Topics {
			seen[t] = true
		}
		for _, e := range m.Entities {
			seen[e.Text] = true
		}
		for t := range seen {
			count[t]++
		}
	}
	themes := make([]string, 0, len(count))
	for t := range count {
		themes = append(themes, t)
	}
	slices.SortFunc(themes, func(x, y string) int {
		return cmp.Or(cmp.Compare(count[y], count[x]), cmp.Compare(x, y))
	})
	return themes[:min(len(themes), n)]
}

// tierRank orders account tiers, most valuable first.
var tierRank = map[string]int{socialcrm.TierPlatinum: 4, socialcrm.TierGold: 3, socialcrm.TierSilver: 2, socialcrm.TierBronze: 1}

type rankedContact struct {
	id    string
	value float64
	tier  int
	vip   bool
}

// rankContacts returns the CRM contacts of ms, most valuable account
// first, and whether any is a VIP. Unknown contacts are skipped.
func (a *Alerter) rankContacts(ctx context.Context, ms []*socialcrm.Mention) ([]string, bool) {
	seen := map[string]bool{}
	var rs []rankedContact
	for _, m := range ms {
		for _, id := range m.Contacts {
			if seen[id] {
				continue
			}
			seen[id] = true
			rc, err := a.contactValue(ctx, id)
			if err != nil {
				a.logger.Warn("contact look-up", "contact_id", id, "err", err)
				continue
			}
			rs = append(rs, rc)
		}
	}
	slices.SortStableFunc(rs, func(x, y rankedContact) int {
		return cmp.Or(cmp.Compare(y.value, x.value), cmp.Compare(y.tier, x.tier), cmp.Compare(x.id, y.id))
	})
	ids, vip := make([]string, len(rs)), false
	for i, r := range rs {
		ids[i], vip = r.id, vip || r.vip
	}
	return ids, vip
}

// contactValue looks up the contact's account value and tier, and
// whether they are a VIP: a member of Config.VIPSegment when it is set,
// else by the account's tier or value.
func (a *Alerter) contactValue(ctx context.Context, id string) (rankedContact, error) {
	rc := rankedContact{id: id}
	c, err := a.store.FindContactByID(ctx, id)
	if err != nil {
		return rc, err
	}
	if a.conf.VIPSegment != "" {
		rc.vip = a.segs.member(a.conf.VIPSegment, id)
	}
	if c.AccountID == "" {
		return rc, nil
	}
	acc, err := a.store.FindAccountByID(ctx, c.AccountID)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return rc, nil
	}
	if err != nil {
		return rc, err
	}
	rc.value, rc.tier = acc.Value, tierRank[acc.Tier]
	if seg, tiers, value := a.vipRule(); seg == "" {
		rc.vip = acc.Value >= value || slices.Contains(tiers, acc.Tier)
	}
	return rc, nil
}

// checkVIP raises an immediate alert when negative mention m is by a VIP
// contact. Further VIP complaints about the same brand join the open
// alert (grouping) instead of raising new ones, and a complaint about a
// brand with an open spike joins the spike: it is part of that crisis.
// Past Config.VIPPerHour VIP alerts an hour, a new one is stored as info
// and not notified.
func (a *Alerter) checkVIP(ctx context.Context, m *socialcrm.Mention, now time.Time) error {
	if _, vip := a.rankContacts(ctx, []*socialcrm.Mention{m}); !vip {
		return nil
	}
	fp := m.Brand + "/vip"
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.conf.params(m.Brand)
	if v, ok := a.vip[fp]; ok && v.alert.Status != socialcrm.AlertResolved {
		if len(v.ms) < maxKept {
			v.ms = append(v.ms, m)
		}
		v.alert.Observed++
		v.alert.End, v.alert.UpdatedAt = now, now
		a.describe(ctx, v.alert, v.ms)
		return a.saveAlert(ctx, v.alert)
	}
	if open := a.openSpike(m.Brand); open != nil {
		return a.joinSpike(ctx, open, m, now)
	}
	id := alertID(fp, now)
	if v, ok := a.vip[fp]; ok && v.alert.ID == id {
		// The brand's last VIP alert started this same second and is
		// resolved already: this is another alert.
		id = alertID(fp+"#"+m.ID, now)
	}
	al := &socialcrm.Alert{
		V: socialcrm.SchemaVersion, ID: id, Fingerprint: fp,
		Brand: m.Brand, Reason: socialcrm.ReasonVIP, Start: now, End: now, Window: p.Window.String(),
		Observed: 1, NegShare: 1, Reach: float64(m.Author.Followers),
		Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring, CreatedAt: now, UpdatedAt: now,
	}
	a.describe(ctx, al, []*socialcrm.Mention{m})
	notify := a.vipAllowed(now)
	if !notify {
		al.Severity = socialcrm.SeverityInfo
		a.logger.Warn("vip alert over the hourly cap: stored, not notified", "brand", al.Brand, "mention_id", m.ID, "vip_per_hour", a.conf.VIPPerHour)
	}
	err := a.record(ctx, al, notify)
	if errors.Is(err, socialcrm.ErrConflict) {
		return a.adopt(ctx, al, func(open *socialcrm.Alert) {
			a.vip[fp] = &vipAlert{alert: open, ms: []*socialcrm.Mention{m}}
		})
	}
	a.vip[fp] = &vipAlert{alert: al, ms: []*socialcrm.Mention{m}}
	a.m.fired.WithLabelValues(socialcrm.ReasonVIP).Inc()
	a.m.open.Inc()
	a.logger.Info("vip alert firing", "alert_id", al.ID, "brand", al.Brand, "mention_id", m.ID)
	return err
}

// vipAllowed reports whether a new VIP alert raised at now is within
// Config.VIPPerHour, and counts it if so. Called with a.mu held.
func (a *Alerter) vipAllowed(now time.Time) bool {
	i := 0
	for i < len(a.vipSent) && now.Sub(a.vipSent[i]) >= time.Hour {
		i++
	}
	a.vipSent = a.vipSent[i:]
	if len(a.vipSent) >= a.conf.VIPPerHour {
		return false
	}
	a.vipSent = append(a.vipSent, now)
	return true
}

// joinSpike adds VIP complaint m to the brand's open spike alert: its
// contacts first and, for each VIP contact new to the alert, the severity
// a step up, as for a spike with a VIP involved. Called with a.mu held.
func (a *Alerter) joinSpike(ctx context.Context, open *socialcrm.Alert, m *socialcrm.Mention, now time.Time) error {
	for _, id := range slices.Backward(m.Contacts) {
		if !slices.Contains(open.Contacts, id) {
			open.Contacts = slices.Insert(open.Contacts, 0, id)
			open.Severity = raise(open.Severity)
		}
	}
	if !slices.Contains(open.Mentions, m.ID) {
		open.Mentions = append(open.Mentions, m.ID)
	}
	open.UpdatedAt = now
	a.logger.Info("vip complaint joins the open spike", "alert_id", open.ID, "brand", open.Brand, "mention_id", m.ID)
	return a.saveAlert(ctx, open)
}

// vipAlert is an open VIP alert and the mentions behind it.
type vipAlert struct {
	alert *socialcrm.Alert
	ms    []*socialcrm.Mention
}

// resolveVIPs resolves the VIP alerts quiet for Config.VIPQuiet. Called
// with a.mu held.
func (a *Alerter) resolveVIPs(ctx context.Context, now time.Time) error {
	var errs []error
	for fp, v := range a.vip {
		if now.Sub(v.alert.End) < a.conf.VIPQuiet {
			continue
		}
		delete(a.vip, fp)
		if v.alert.Status == socialcrm.AlertResolved {
			continue // resolved by hand
		}
		v.alert.Status, v.alert.UpdatedAt = socialcrm.AlertResolved, now
		a.m.resolved.Inc()
		a.m.open.Dec()
		if err := a.record(ctx, v.alert, a.conf.NotifyResolved); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// joinErrs joins errs under a context prefix, or returns nil.
func joinErrs(prefix string, errs []error) error {
	err := errors.Join(errs...)
	if err == nil || prefix == "" {
		return err
	}
	return fmt.Errorf("%s: %w", prefix, err)
}
