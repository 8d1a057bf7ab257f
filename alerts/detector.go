package alerts

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Params are the spike detector's parameters. They are shared by every
// series; a brand may override them as a whole (Config.Brands).
type Params struct {
	// Window is the width of one counting window.
	Window time.Duration `json:"window" yaml:"window"`
	// Scales are the widths, in windows, of the sums the detector judges
	// side by side: short ones catch sharp bursts, long ones slow swells.
	Scales []int `json:"scales" yaml:"scales"`
	// Dispersion is the negative binomial dispersion (size) of counts:
	// smaller values expect burstier series. 0 means Poisson counts.
	Dispersion float64 `json:"dispersion" yaml:"dispersion"`
	// History is how far back the baseline looks.
	History time.Duration `json:"history" yaml:"history"`
	// WarmUp is how much history a series needs before it may alert.
	WarmUp time.Duration `json:"warm_up" yaml:"warm_up"`
	// Slot is the half-width of the time-of-day slot the baseline takes
	// from each earlier day.
	Slot time.Duration `json:"slot" yaml:"slot"`
	// Threshold is the robust z-score (in variance-stabilised units) a
	// window must reach to count as abnormal.
	Threshold float64 `json:"threshold" yaml:"threshold"`
	// BarFactor raises the threshold of bursty series to this multiple
	// of their median daily peak score; 0 turns it off.
	BarFactor float64 `json:"bar_factor" yaml:"bar_factor"`
	// ResolveBelow is the z-score under which a window counts as normal.
	ResolveBelow float64 `json:"resolve_below" yaml:"resolve_below"`
	// Persistence is how many abnormal windows in a row raise an alert.
	Persistence int `json:"persistence" yaml:"persistence"`
	// Urgent fires on the first abnormal window, without waiting for
	// Persistence, when its score reaches this multiple of the bar; 0
	// turns it off.
	Urgent float64 `json:"urgent" yaml:"urgent"`
	// ResolveAfter is how many normal windows in a row resolve it.
	ResolveAfter int `json:"resolve_after" yaml:"resolve_after"`
	// MinVolume is the least count a window needs to be abnormal.
	MinVolume float64 `json:"min_volume" yaml:"min_volume"`
	// MinRatio is the least observed/expected ratio of an abnormal window.
	MinRatio float64 `json:"min_ratio" yaml:"min_ratio"`
	// MinNegShare is the least share of negative mentions of an abnormal
	// window, when the series counts sentiment (Point.Total > 0).
	MinNegShare float64 `json:"min_negative_share" yaml:"min_negative_share"`
	// Recent is how far back the baseline of a series still warming up
	// looks: without earlier days to compare with, it compares with the
	// last hours. 0 keeps such series silent until warm.
	Recent time.Duration `json:"recent" yaml:"recent"`
	// WarmUpBar multiplies the bar of a series still warming up: the
	// last hours it compares with miss the daily cycle, so its morning
	// rise looks like a burst. 1 keeps the bar.
	WarmUpBar float64 `json:"warm_up_bar" yaml:"warm_up_bar"`
	// CountBelow is the expected sum under which a scale is judged by the
	// count model: the tail probability of its sum under a negative
	// binomial whose mean is the baseline's count per window, as a
	// normal score, with MinVolume as the least sum. Larger sums keep
	// the robust z-score of stabilised sums. 0 turns the count model off.
	CountBelow float64 `json:"count_below" yaml:"count_below"`
	// PriorMean and PriorWindows are the prior belief about the count per
	// window of a series that has just begun: PriorMean counts, as if
	// seen over PriorWindows windows. It keeps the first hours of a new
	// series from alerting on its first few mentions.
	PriorMean    float64 `json:"prior_mean" yaml:"prior_mean"`
	PriorWindows float64 `json:"prior_windows" yaml:"prior_windows"`
	// CountBar is added to the bar of a sum judged by the count model:
	// real small counts come in clusters (replies, retweets) that its
	// tail probabilities underrate.
	CountBar float64 `json:"count_bar" yaml:"count_bar"`
	// Cooldown is how long after a resolve the series stays quiet.
	Cooldown time.Duration `json:"cooldown" yaml:"cooldown"`
	// Level is the span of the level check, which compares the volume
	// of the last Level with the same span ending at the same time of
	// earlier days: it catches a day that swells slowly, window by
	// window never a spike. 0 turns it off.
	Level time.Duration `json:"level" yaml:"level"`
	// LevelThreshold is the robust z-score, in log units, the level must
	// reach to count as abnormal.
	LevelThreshold float64 `json:"level_threshold" yaml:"level_threshold"`
	// LevelNoise is the least relative spread of the level between days
	// (0.05: days differ by 5% at the least).
	LevelNoise float64 `json:"level_noise" yaml:"level_noise"`
	// LevelMinRatio is the least observed/expected ratio of an abnormal
	// level.
	LevelMinRatio float64 `json:"level_min_ratio" yaml:"level_min_ratio"`
	// LevelWeekends counts weekend windows in the level divided by how
	// much busier weekends are than weekdays in the history, so that a
	// weekend that swells is judged against weekend volume rather than
	// against all days. Off, weekend swells mostly pass; on, quiet
	// weekends are judged more tightly and raise more false alerts.
	LevelWeekends bool `json:"level_weekends" yaml:"level_weekends"`
}

// DefaultParams returns the parameters used when none are configured.
func DefaultParams() Params {
	return Params{
		Window:       5 * time.Minute,
		Scales:       []int{1, 6, 24},
		Dispersion:   20,
		BarFactor:    1.5,
		History:      14 * 24 * time.Hour,
		WarmUp:       2 * 24 * time.Hour,
		Slot:         30 * time.Minute,
		Threshold:    5,
		ResolveBelow: 3,
		Persistence:  2,
		Urgent:       2,
		ResolveAfter: 3,
		MinVolume:    5,
		MinRatio:     1.5,
		MinNegShare:  0.4,
		Recent:       2 * time.Hour,
		WarmUpBar:    1.25,
		Cooldown:     24 * time.Hour,
		CountBelow:   20,
		PriorMean:    1,
		PriorWindows: 1,
		CountBar:     0.5,

		Level:          24 * time.Hour,
		LevelThreshold: 4.5,
		LevelNoise:     0.05,
		LevelMinRatio:  1.25,
	}
}

// Validate reports parameters that cannot work.
func (p Params) Validate() error {
	switch {
	case p.Window <= 0:
		return fmt.Errorf("alerts: window %v must be positive", p.Window)
	case !ascending(p.Scales):
		return fmt.Errorf("alerts: scales %v must be window counts of 1 or more, narrowest first", p.Scales)
	case p.History < 24*time.Hour:
		return fmt.Errorf("alerts: history %v must be at least a day", p.History)
	case p.WarmUp < 0 || p.WarmUp > p.History:
		return fmt.Errorf("alerts: warm-up %v must be between 0 and the history", p.WarmUp)
	case p.Dispersion != 0 && p.Dispersion <= 1:
		return fmt.Errorf("alerts: dispersion %v must be 0 (Poisson) or above 1", p.Dispersion)
	case p.Slot <= 0:
		return fmt.Errorf("alerts: slot %v must be positive", p.Slot)
	case p.Threshold <= 0 || p.ResolveBelow <= 0 || p.ResolveBelow > p.Threshold:
		return fmt.Errorf("alerts: need 0 < resolve_below (%v) <= threshold (%v)", p.ResolveBelow, p.Threshold)
	case p.Persistence < 1 || p.ResolveAfter < 1:
		return fmt.Errorf("alerts: persistence and resolve_after must be at least 1")
	case p.WarmUpBar < 1:
		return fmt.Errorf("alerts: warm_up_bar %v must be at least 1", p.WarmUpBar)
	case p.Level < 0 || p.Level > p.History/2:
		return fmt.Errorf("alerts: level %v must be between 0 and half the history", p.Level)
	case p.Level > 0 && (p.LevelThreshold <= 0 || p.LevelNoise <= 0 || p.LevelMinRatio < 1):
		return fmt.Errorf("alerts: level_threshold and level_noise must be positive and level_min_ratio at least 1")
	case p.CountBelow < 0 || p.PriorMean < 0 || p.PriorWindows < 0:
		return fmt.Errorf("alerts: count_below, prior_mean and prior_windows must not be negative")
	case p.MinVolume < 0 || p.MinRatio < 0 || p.MinNegShare < 0 || p.MinNegShare > 1 || p.Cooldown < 0 || p.Recent < 0:
		return fmt.Errorf("alerts: min_volume, min_ratio, min_negative_share and cooldown must not be negative")
	}
	return nil
}

// Point is one closed window of a series.
type Point struct {
	Start time.Time
	// Value is the count the detector watches: negative mentions in
	// production, the series value in a replay.
	Value float64
	// Total counts all mentions of the window; 0 when the series carries
	// no sentiment (a replay), which skips the negative-share test.
	Total float64
}

// Verdict is what the detector says about one point.
type Verdict struct {
	Score float64 // highest robust z-score of the point, any scale
	// Short is the score of the narrowest scale: the alert resolves once
	// it stays low, without waiting for the wider sums to forget the
	// burst.
	Short    float64
	Expected float64 // baseline count
	Abnormal bool    // the point alone is abnormal
	// Burst is set when some scale is abnormal, Level when the volume
	// over the last Params.Level is; Abnormal is either.
	Burst, Level bool
	// LevelScore is the robust z-score of the volume over the last
	// Params.Level; 0 until the series has days enough to judge it.
	LevelScore float64
	Warm       bool // the series has enough history to judge
	// Fire is set on the point that raises an alert, Resolve on the point
	// that ends one.
	Fire, Resolve bool
	Firing        bool      // an alert is open after this point
	Since         time.Time // start of the abnormal run that fired
}

// stabilise is the variance-stabilising transform of negative binomial
// counts with dispersion r (Anscombe 1948): counts of any size get a
// variance near one, so one threshold fits small and large series. It is
// about 2√x for counts well under r and grows like √r·log x above, where
// social volume is bursty rather than Poisson. r = 0 means Poisson.
func stabilise(x, r float64) float64 {
	x = math.Max(x, 0)
	if r <= 0 {
		return 2 * math.Sqrt(x+3.0/8)
	}
	return 2 * math.Sqrt(r) * math.Asinh(math.Sqrt((x+3.0/8)/(r-3.0/4)))
}

// unstabilise inverts stabilise.
func unstabilise(y, r float64) float64 {
	if r <= 0 {
		if x := y*y/4 - 3.0/8; x >= 1e-9 {
			return x
		}
		return 0
	}
	s := math.Sinh(y / (2 * math.Sqrt(r)))
	x := (r-3.0/4)*s*s - 3.0/8
	if x < 1e-9 {
		return 0 // rounding of a zero count
	}
	return x
}

type sample struct {
	at time.Time
	x  float64 // raw value of the window
	// lx is what the window adds to the level: its value, or its
	// expected count when the window alone was a spike, so that a day
	// swollen only by a burst already judged does not alert again.
	lx   float64
	sums []float64 // raw sums, one per scale
	ys   []float64 // stabilised sums, one per scale, then the level
}

// Detector watches one series. It is not safe for concurrent use.
type Detector struct {
	p          Params
	hist       []sample // oldest first, within p.History
	first      time.Time
	firing     bool
	above      int // abnormal windows in a row
	runStart   time.Time
	byLevel    bool // the open alert fired on the level alone
	below      int  // normal windows in a row while firing
	quietUntil time.Time
	days       []dayMax // highest score of each recent day, oldest first
	// kindSum and kindN total the level values (sample.lx) and count the
	// windows in the history of weekdays [0] and weekend days [1].
	kindSum, kindN [2]float64
	// buffers reused from point to point
	slots slots
	buf   []float64
}

type dayMax struct {
	day   time.Time
	score float64
}

// NewDetector returns a detector with parameters p (see Params.Validate).
func NewDetector(p Params) *Detector {
	if len(p.Scales) == 0 {
		p.Scales = []int{1}
	}
	return &Detector{p: p}
}

// setParams gives the detector new parameters of the same window and
// scales; its history stays.
func (d *Detector) setParams(p Params) {
	if len(p.Scales) == 0 {
		p.Scales = []int{1}
	}
	d.p = p
}

// Firing reports whether the series has an open alert.
func (d *Detector) Firing() bool { return d.firing }

// Observe judges the next point of the series. Points must come in time
// order; an earlier or repeated point is ignored (zero Verdict).
func (d *Detector) Observe(pt Point) Verdict {
	if n := len(d.hist); n > 0 && !pt.Start.After(d.hist[n-1].at) {
		return Verdict{}
	}
	if d.first.IsZero() {
		d.first = pt.Start
	}
	s := d.sums(pt)
	v := d.judge(pt, &s)
	d.noteDay(pt.Start, v.Score)
	d.step(pt, &v)
	d.remember(s)
	return v
}

// sums returns pt with the stabilised sum of the series over each scale
// ending at pt.
func (d *Detector) sums(pt Point) sample {
	s := sample{at: pt.Start, x: pt.Value, sums: make([]float64, len(d.p.Scales)), ys: make([]float64, len(d.p.Scales), len(d.p.Scales)+1)}
	for i, k := range d.p.Scales {
		s.sums[i] = d.sum(pt, time.Duration(k)*d.p.Window)
		s.ys[i] = stabilise(s.sums[i], d.p.Dispersion)
	}
	if d.p.Level > 0 {
		lvl := math.NaN() // until the series spans a whole level
		if pt.Start.Sub(d.first) >= d.p.Level-d.p.Window {
			lvl = math.Log1p(d.levelSum(pt))
		}
		s.ys = append(s.ys, lvl)
	}
	return s
}

// sum is the total of the series over span, ending with pt.
func (d *Detector) sum(pt Point, span time.Duration) float64 {
	sum := pt.Value
	from := pt.Start.Add(-span)
	for j := len(d.hist) - 1; j >= 0 && d.hist[j].at.After(from); j-- {
		sum += d.hist[j].x
	}
	return sum
}

// levelSum is the total of the series over p.Level ending with pt, earlier
// spike windows counted at their expected count.
func (d *Detector) levelSum(pt Point) float64 {
	f := [2]float64{1, 1}
	if d.p.LevelWeekends {
		f[1] = d.weekendFactor()
	}
	sum := pt.Value / f[dayKind(pt.Start)]
	from := pt.Start.Add(-d.p.Level)
	for j := len(d.hist) - 1; j >= 0 && d.hist[j].at.After(from); j-- {
		sum += d.hist[j].lx / f[dayKind(d.hist[j].at)]
	}
	return sum
}

// weekendFactor is how much busier a weekend window is than a weekday
// one in the history (below 1: quieter), 1 until it holds a day of each.
func (d *Detector) weekendFactor() float64 {
	day := float64(24 * time.Hour / d.p.Window)
	if d.kindN[0] < day || d.kindN[1] < day || d.kindSum[0] <= 0 || d.kindSum[1] <= 0 {
		return 1
	}
	f := (d.kindSum[1] / d.kindN[1]) / (d.kindSum[0] / d.kindN[0])
	return min(max(f, 0.2), 5)
}

// dayKind is 1 for a weekend window, 0 for a weekday one.
func dayKind(t time.Time) int {
	if isWeekend(t) {
		return 1
	}
	return 0
}

// judge scores pt on every scale against its baseline. The verdict's
// score is the highest; the point is abnormal when some scale passes all
// tests.
func (d *Detector) judge(pt Point, s *sample) Verdict {
	s.lx = pt.Value
	v := Verdict{Score: math.Inf(-1)}
	seasonal := pt.Start.Sub(d.first) >= d.p.WarmUp
	var sl slots
	if seasonal {
		sl = d.slotsAt(pt.Start)
	}
	bar := d.bar()
	if !seasonal {
		bar *= d.p.WarmUpBar
	}
	for i := range d.p.Scales {
		var b base
		if seasonal {
			b = d.baseline(sl, i, 1)
			b.warm = b.n >= 8
		} else {
			b = d.recentBaseline(pt.Start, i)
			b.warm = b.n >= minRecent
		}
		z, exp, need := d.scoreScale(*s, i, b)
		if need.counted && b.rate.seen < minRecent {
			b.warm = false // the count per window is the prior's alone
		}
		if i == 0 {
			v.Expected = exp
			v.Warm = b.warm
		}
		if !b.warm {
			continue
		}
		v.Score = max(v.Score, z)
		if i == 0 {
			v.Short = z
		}
		if z >= bar+need.bar && s.sums[i] >= need.sum && s.sums[i] >= d.p.MinRatio*exp {
			v.Burst = true
			if i == 0 {
				s.lx = min(pt.Value, exp)
			}
		}
	}
	if math.IsInf(v.Score, -1) {
		v.Score = 0
	}
	if seasonal && d.p.Level > 0 {
		v.LevelScore, v.Level = d.judgeLevel(*s, sl)
	}
	if pt.Total > 0 && pt.Value/pt.Total < d.p.MinNegShare {
		v.Burst, v.Level = false, false
	}
	v.Abnormal = v.Burst || v.Level
	return v
}

// scoreScale returns the score of scale i's sum in s against baseline b,
// the sum expected and what an abnormal sum needs. A sum expected below
// Params.CountBelow is scored by its tail probability under the count
// model; a larger one by its robust z-score in stabilised units.
func (d *Detector) scoreScale(s sample, i int, b base) (z, expected float64, need needs) {
	k := d.p.Scales[i]
	mean, size := b.rate.predict(k, d.p.Dispersion)
	if mean < d.p.CountBelow {
		return countScore(s.sums[i], mean, size), mean, needs{sum: d.p.MinVolume, bar: d.p.CountBar, counted: true}
	}
	return (s.ys[i] - b.med) / b.scale, unstabilise(b.med, d.p.Dispersion), needs{sum: d.p.MinVolume * float64(k)}
}

// needs is what an abnormal sum needs beyond the bar: the least sum, and
// how much higher the bar is for it. Counted is set when the count model
// scored it. The least sum of a large series is Params.MinVolume a
// window; a sum of a quiet one, which never sees that many, needs
// MinVolume in all.
type needs struct {
	sum, bar float64
	counted  bool
}

// judgeLevel scores the volume over the last p.Level against the same
// span ending at the same time of earlier days, and reports whether it is
// abnormal. Level sums are in log units, so one relative noise floor fits
// them all.
func (d *Detector) judgeLevel(s sample, sl slots) (z float64, abnormal bool) {
	lvl := s.ys[len(d.p.Scales)]
	if math.IsNaN(lvl) {
		return 0, false
	}
	b := d.baseline(sl, len(d.p.Scales), d.p.LevelNoise)
	if b.n < minLevelDays*int(2*d.p.Slot/d.p.Window) {
		return 0, false // day-to-day spread needs several days to show
	}
	z = (lvl - b.med) / b.scale
	sum, exp := math.Expm1(lvl), math.Expm1(b.med)
	return z, z >= d.p.LevelThreshold && sum >= d.p.LevelMinRatio*exp &&
		sum >= d.p.MinVolume*float64(d.p.Level/d.p.Window)
}

// barDays is how many earlier days the bar of a bursty series needs:
// the median of two is their mean, which one day with a burst sways, and
// and a young series whose first day had a burst missed the next ones.
const barDays = 3

// minLevelDays is how many earlier days the level check needs.
const minLevelDays = 5

// noteDay keeps the highest score of each day within the history.
func (d *Detector) noteDay(at time.Time, score float64) {
	day := at.Truncate(24 * time.Hour)
	if n := len(d.days); n > 0 && d.days[n-1].day.Equal(day) {
		d.days[n-1].score = max(d.days[n-1].score, score)
		return
	}
	d.days = append(d.days, dayMax{day, score})
	if len(d.days) > int(d.p.History/(24*time.Hour)) {
		d.days = d.days[1:]
	}
}

// bar is the score a window must reach: the threshold, raised for a
// series whose ordinary days already peak high (bursty series), to
// BarFactor times the median daily peak of the earlier days, once there
// are barDays of them.
func (d *Detector) bar() float64 {
	if d.p.BarFactor <= 0 || len(d.days) <= barDays { // d.days ends with today
		return d.p.Threshold
	}
	xs := make([]float64, 0, len(d.days))
	for _, dm := range d.days[:len(d.days)-1] {
		xs = append(xs, dm.score)
	}
	return max(d.p.Threshold, d.p.BarFactor*median(xs))
}

// step moves the firing state machine by one point.
func (d *Detector) step(pt Point, v *Verdict) {
	if !d.firing {
		if v.Abnormal {
			if d.above == 0 {
				d.runStart = pt.Start
			}
			d.above++
		} else {
			d.above = 0
		}
		urgent := v.Abnormal && d.p.Urgent > 0 && v.Score >= d.p.Urgent*d.bar()
		if (d.above >= d.p.Persistence || urgent) && !pt.Start.Before(d.quietUntil) {
			d.firing, v.Fire, d.below = true, true, 0
			d.byLevel = !v.Burst
			v.Since = d.runStart
		}
	} else {
		// A swell of the whole day ends when the level is back too.
		if v.Short < d.p.ResolveBelow && !(d.byLevel && v.LevelScore >= d.p.ResolveBelow) {
			d.below++
		} else {
			d.below = 0
		}
		if d.below >= d.p.ResolveAfter {
			d.firing, v.Resolve, d.above = false, true, 0
			d.quietUntil = pt.Start.Add(d.p.Cooldown)
		}
	}
	v.Firing = d.firing
}

// remember adds s to the history and drops what is older than
// p.History. The baseline is a median, so spikes barely move it.
func (d *Detector) remember(s sample) {
	d.hist = append(d.hist, s)
	k := dayKind(s.at)
	d.kindSum[k] += s.lx
	d.kindN[k]++
	cut := s.at.Add(-d.p.History)
	i := 0
	for i < len(d.hist) && d.hist[i].at.Before(cut) {
		k := dayKind(d.hist[i].at)
		d.kindSum[k] -= d.hist[i].lx
		d.kindN[k]--
		i++
	}
	if i > len(d.hist)/2 {
		d.hist = append(d.hist[:0], d.hist[i:]...)
	} else if i > 0 {
		d.hist = d.hist[i:]
	}
}

// base is the baseline of one scale: the median and robust scale of its
// stabilised sums, how many samples they came from and the belief about
// the count per window they give.
type base struct {
	med, scale float64
	n          int
	rate       countRate
	warm       bool
}

// slots are the indices in the history of the windows at the same time
// of day (± Params.Slot) on earlier days: all of them, and those of the
// same kind of day (weekday or weekend) as the window judged.
type slots struct{ same, all []int }

// slotsAt returns the slots of the window starting at at, reusing the
// detector's buffers.
func (d *Detector) slotsAt(at time.Time) slots {
	sl := slots{same: d.slots.same[:0], all: d.slots.all[:0]}
	weekend := isWeekend(at)
	for day := 1; ; day++ {
		c := at.Add(-time.Duration(day) * 24 * time.Hour)
		if len(d.hist) == 0 || c.Add(d.p.Slot).Before(d.hist[0].at) {
			break
		}
		lo, hi := c.Add(-d.p.Slot), c.Add(d.p.Slot)
		i, _ := slices.BinarySearchFunc(d.hist, lo, func(s sample, t time.Time) int { return s.at.Compare(t) })
		same := isWeekend(c) == weekend
		for ; i < len(d.hist) && !d.hist[i].at.After(hi); i++ {
			sl.all = append(sl.all, i)
			if same {
				sl.same = append(sl.same, i)
			}
		}
	}
	d.slots = sl
	return sl
}

// baseline returns scale si's baseline (the level past the scales) from
// its sums in the slots sl, those of the same kind of day when there are
// enough of them. The count per window is the mean of the sums, leaving
// out past bursts.
func (d *Detector) baseline(sl slots, si int, floor float64) base {
	same, all := d.valid(sl.same, si), d.valid(sl.all, si)
	idx := sl.all
	if same >= all/2 && same >= 8 {
		idx = sl.same
	}
	ys := d.buf[:0]
	for _, i := range idx {
		if y := d.hist[i].ys[si]; !math.IsNaN(y) {
			ys = append(ys, y)
		}
	}
	d.buf = ys
	if len(ys) == 0 {
		return base{scale: 1, rate: d.p.rateOf(0, 0)}
	}
	b := base{}
	b.med, b.scale, b.n = robust(ys, floor)
	if si < len(d.p.Scales) {
		var sum, sq, n float64
		for _, i := range idx {
			if h := d.hist[i]; h.ys[si] <= b.med+3*b.scale {
				sum += h.sums[si]
				sq += h.sums[si] * h.sums[si]
				n++
			}
		}
		// each sum spans Scales[si] windows
		b.rate = d.p.rateOf(sum/float64(d.p.Scales[si]), n)
		if mean := sum / n; n > 1 && mean > 0 {
			// the sums' spread beyond Poisson, as 1/size
			b.rate.extra = max(0, (sq/n-mean*mean)*n/(n-1)-mean) / (mean * mean)
		}
	}
	return b
}

// valid counts the windows of idx whose scale si has a value.
func (d *Detector) valid(idx []int, si int) int {
	n := 0
	for _, i := range idx {
		if !math.IsNaN(d.hist[i].ys[si]) {
			n++
		}
	}
	return n
}

// minRecent is how many recent windows a series warming up needs.
const minRecent = 3

// FirstJudged is the start of the first window a series whose first
// mention came at first can alert on: it needs minRecent closed windows
// before it.
func (p Params) FirstJudged(first time.Time) time.Time {
	return first.Truncate(p.Window).Add(minRecent * p.Window)
}

// recentBaseline is scale si's baseline over the last p.Recent, for
// series without earlier days: the median and robust scale of its
// stabilised sums, and the count per window of the windows before the
// judged sum began, with the prior.
func (d *Detector) recentBaseline(at time.Time, si int) base {
	from := at.Add(-d.p.Recent)
	before := at.Add(-time.Duration(d.p.Scales[si]-1) * d.p.Window)
	var ys []float64
	var sum, n float64
	for j := len(d.hist) - 1; j >= 0 && !d.hist[j].at.Before(from.Add(before.Sub(at))); j-- {
		h := d.hist[j]
		if !h.at.Before(from) {
			ys = append(ys, h.ys[si])
		}
		if h.at.Before(before) {
			sum += h.x
			n++
		}
	}
	b := base{scale: 1, rate: d.p.rateOf(sum, n)}
	if len(ys) > 0 {
		b.med, b.scale, b.n = robust(ys, 1)
	}
	return b
}

// robust returns the median of xs, its scaled MAD (at least floor: 1 is
// the stabilised noise of a count) and len(xs). It reorders xs.
func robust(xs []float64, floor float64) (med, scale float64, n int) {
	med = median(xs)
	for i, x := range xs {
		xs[i] = math.Abs(x - med)
	}
	return med, math.Max(1.4826*median(xs), floor), len(xs)
}

// ascending reports whether ks is a non-empty list of rising positive counts.
func ascending(ks []int) bool {
	for i, k := range ks {
		if k < 1 || i > 0 && k <= ks[i-1] {
			return false
		}
	}
	return len(ks) > 0
}

func isWeekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// median returns the median of xs, reordering it: a selection, not a
// sort, since the detector takes several medians a window.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	hi := selectKth(xs, n/2)
	if n%2 == 1 {
		return hi
	}
	// the next lower value is the largest of the lower half
	return (slices.Max(xs[:n/2]) + hi) / 2
}

// selectKth reorders xs so that xs[k] is its k-th smallest value (from
// 0), no larger value before it and no smaller after (Hoare's
// quickselect, median-of-three pivots), and returns that value.
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		// median of three as pivot
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	slices.Sort(xs[lo : hi+1])
	return xs[k]
}
