package alerts

import (
	"time"

	"github.com/socialcrm/socialcrm"
)

// maxKept bounds the negative mentions a window keeps for alert samples.
const maxKept = 200

// key names a series: a brand, or a brand and one topic.
type key struct{ brand, topic string }

// fingerprint is the alert identity of the series: one open alert each.
func (k key) fingerprint() string {
	if k.topic == "" {
		return k.brand
	}
	return k.brand + "/" + k.topic
}

// counts are one window's tallies.
type counts struct {
	start    time.Time
	total    float64
	negative float64
	reach    float64 // weighted reach of negative mentions' authors
	kept     []*socialcrm.Mention
}

// series is one brand's (or brand and topic's) window counter and
// detector.
type series struct {
	key    key
	p      Params
	det    *Detector
	cur    counts   // the open window
	recent []counts // closed windows, newest last, for samples
	last   judged   // the last window judged
	alert  *socialcrm.Alert
	// lastSeen is when the series last counted a mention, first when it
	// began.
	lastSeen, first time.Time
}

func newSeries(k key, p Params, now time.Time) *series {
	return &series{key: k, p: p, det: NewDetector(p), cur: counts{start: now.Truncate(p.Window)}, lastSeen: now, first: now}
}

// add counts m, whose author's weighted reach is reach, in the open
// window. Mentions from windows already closed count in the open one:
// late news is still news.
func (s *series) add(m *socialcrm.Mention, now time.Time, reach float64) {
	s.lastSeen = now
	s.cur.total++
	if m.Sentiment == nil || m.Sentiment.Label != socialcrm.Negative {
		return
	}
	s.cur.negative++
	s.cur.reach += reach
	if len(s.cur.kept) < maxKept {
		s.cur.kept = append(s.cur.kept, m)
	}
}

// closeWindows judges every window that ended by now and returns the
// verdicts with the windows they judged. Long idle gaps are fed as empty
// windows, at most one history's worth.
func (s *series) closeWindows(now time.Time) (out []judged) {
	if gap := now.Sub(s.cur.start); gap > s.p.History {
		s.cur = counts{start: now.Add(-s.p.History).Truncate(s.p.Window)}
	}
	for !now.Before(s.cur.start.Add(s.p.Window)) {
		c := s.cur
		v := s.det.Observe(Point{Start: c.start, Value: c.negative, Total: c.total})
		out = append(out, judged{c, v})
		s.last = judged{c, v}
		s.recent = append(s.recent, c)
		if keep := s.p.Persistence + 2; len(s.recent) > keep {
			s.recent = s.recent[len(s.recent)-keep:]
		}
		s.cur = counts{start: c.start.Add(s.p.Window)}
	}
	return out
}

type judged struct {
	c counts
	v Verdict
}

// recentMentions returns the kept negative mentions of the last windows.
func (s *series) recentMentions() []*socialcrm.Mention {
	var ms []*socialcrm.Mention
	for _, c := range s.recent {
		ms = append(ms, c.kept...)
	}
	return ms
}
