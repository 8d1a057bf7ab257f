package crm

import (
	"fmt"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/bizhours"
)

// Policies are the compiled SLA policies: the configured ones in order,
// then one per channel of the SLA and a default, around the clock, with
// the channel's time as first- and next-response targets, so that a case
// no configured policy matches is timed as before policies existed.
type Policies struct {
	list      []socialcrm.SLAPolicy
	calendars map[string]bizhours.Calendar
}

// NewPolicies compiles conf over the per-channel defaults of sla.
func NewPolicies(conf socialcrm.SLAConfig, sla SLA) (*Policies, error) {
	if err := socialcrm.ValidatePolicies(conf.Policies); err != nil {
		return nil, fmt.Errorf("crm: %w", err)
	}
	p := &Policies{calendars: map[string]bizhours.Calendar{}}
	for name, spec := range conf.Calendars {
		c, err := compileCalendar(name, spec)
		if err != nil {
			return nil, err
		}
		p.calendars[name] = c
	}
	for _, pol := range conf.Policies {
		if _, ok := p.calendars[pol.Calendar]; pol.Calendar != "" && !ok {
			return nil, socialcrm.Invalidf("crm: sla policy %q: calendar %q is not defined under calendars", pol.ID, pol.Calendar)
		}
		p.list = append(p.list, pol)
	}
	for _, ch := range sla.Known() {
		d := socialcrm.Duration(sla.For(ch))
		p.list = append(p.list, socialcrm.SLAPolicy{ID: "channel-" + ch, Name: ch + " default",
			Channels: []string{ch}, FirstResponse: d, NextResponse: d})
	}
	d := socialcrm.Duration(sla.Default)
	p.list = append(p.list, socialcrm.SLAPolicy{ID: "default", Name: "default", FirstResponse: d, NextResponse: d})
	return p, nil
}

// Match returns the first policy for a case on channel with priority, of
// an account of tier, and its calendar.
func (p *Policies) Match(channel, priority, tier string) (*socialcrm.SLAPolicy, bizhours.Calendar) {
	if priority == "" {
		priority = socialcrm.PriorityNormal
	}
	for i := range p.list {
		if pol := &p.list[i]; pol.Matches(channel, priority, tier) {
			return pol, p.calendars[pol.Calendar]
		}
	}
	last := &p.list[len(p.list)-1] // the default matches everything
	return last, p.calendars[last.Calendar]
}

// ByID returns the policy with that id and its calendar; a policy no
// longer configured reads as the default.
func (p *Policies) ByID(id string) (*socialcrm.SLAPolicy, bizhours.Calendar) {
	for i := range p.list {
		if p.list[i].ID == id {
			return &p.list[i], p.calendars[p.list[i].Calendar]
		}
	}
	last := &p.list[len(p.list)-1]
	return last, p.calendars[last.Calendar]
}

// List returns the policies in order, the defaults last.
func (p *Policies) List() []socialcrm.SLAPolicy { return append([]socialcrm.SLAPolicy(nil), p.list...) }

// ReadSLAConfig reads a YAML file of calendars and policies; unknown
// fields are errors.
func ReadSLAConfig(path string) (socialcrm.SLAConfig, error) {
	var conf socialcrm.SLAConfig
	f, err := os.Open(path)
	if err != nil {
		return conf, fmt.Errorf("crm: sla config: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(&conf); err != nil {
		return conf, socialcrm.Invalidf("crm: sla config %s: %v", path, err)
	}
	return conf, nil
}

// due returns when target of working time has passed since start over
// cal, not counting pauses; without working time left it falls back to
// the wall-clock time.
func due(cal bizhours.Calendar, start time.Time, target time.Duration, pauses []socialcrm.Pause) time.Time {
	if t, ok := cal.Due(start, target, intervals(pauses)...); ok {
		return t
	}
	return start.Add(target)
}

func intervals(ps []socialcrm.Pause) []bizhours.Interval {
	out := make([]bizhours.Interval, len(ps))
	for i, p := range ps {
		out[i].From = p.From
		if p.To != nil {
			out[i].To = *p.To
		}
	}
	return out
}

// HasCalendar reports whether a calendar of that name is configured.
func (p *Policies) HasCalendar(name string) bool {
	_, ok := p.calendars[name]
	return ok
}
