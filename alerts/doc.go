// Package alerts raises crisis alerts: it counts mentions per brand, per
// brand and topic and per brand and tracking rule in fixed windows, runs a
// seasonal robust spike detector over the counts, keeps the alert
// lifecycle (firing, acknowledged, resolved) with dedup, grouping,
// cooldown, hourly caps and silences, and hands alerts to notifiers
// (subpackages webhook, slack, email, alertmanager).
//
// # Detector
//
// One Detector watches one series of window counts; production feeds it
// the negative mentions of each window (with the window's total, for the
// negative-share test) and the spikes command feeds it a replayed series.
// For every closed window it judges sums over several widths (Params.Scales:
// 5 minutes, 30 minutes and 2 hours by default), so that a sharp burst and a
// slower swell are both caught. Each sum goes through the variance-
// stabilising transform of negative binomial counts, which behaves like a
// square root for small counts and like a logarithm for large ones, and is
// compared with a robust baseline: the median and MAD of the same sums at
// the same time of day (±30 minutes) on the earlier days of the last two
// weeks, taken from the same kind of day (weekday or weekend) when there
// are enough. That handles daily and weekly seasonality and noisy counts. A
// series younger than Params.WarmUp compares with its last hours instead.
//
// A window is abnormal when a scale's robust z-score reaches the bar, the
// sum has a minimum volume and ratio to the baseline, and (in production)
// negative mentions are at least a minimum share of all. The bar is the
// threshold, raised for bursty series to a multiple of their median daily
// peak score, so that series whose ordinary days already peak high need a
// larger deviation. Params.Persistence abnormal windows in a row fire an
// alert; Params.ResolveAfter normal ones resolve it; a cooldown follows.
// The parameters are shared by all series, with whole-set overrides per
// brand (Config.Brands).
//
// # Alerter
//
// Alerter.Observe counts stored scored mentions; Alerter.Run (or Tick)
// closes windows by the clock, fires and resolves alerts, stores them,
// hands copies to Config.Publish and notifies. A negative mention by a VIP
// contact raises an alert at once, one per brand until an hour of quiet.
// Alerts carry sample mentions, the most followed authors, top themes and
// the CRM contacts involved ranked by their account's value and tier.
package alerts
