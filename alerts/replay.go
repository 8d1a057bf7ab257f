package alerts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Spike is one alert of a replayed series.
type Spike struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Severity string    `json:"severity"`
	Observed float64   `json:"observed"` // highest window value while firing
	Expected float64   `json:"expected"` // baseline of that window
	Score    float64   `json:"score"`    // highest robust z-score, any scale
}

// timeLayouts are the timestamp forms ReadSeries accepts.
var timeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999", time.RFC3339Nano, "2006-01-02T15:04:05"}

// ReadSeries reads a "timestamp,value" CSV (a header line is optional) in
// time order. Timestamps without a zone are UTC. Errors name the line.
func ReadSeries(r io.Reader) ([]Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var pts []Point
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("alerts: series: %w", err)
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("alerts: series line %d: want 2 fields timestamp,value, got %d", line, len(rec))
		}
		pt, err := parsePoint(rec[0], rec[1])
		if err != nil && line == 1 && !startsWithDigit(rec[0]) { // a header, not a point
			if strings.EqualFold(strings.TrimSpace(rec[0]), "timestamp") && strings.EqualFold(strings.TrimSpace(rec[1]), "value") {
				continue
			}
			return nil, fmt.Errorf("alerts: series line 1: header %q: want \"timestamp,value\" (or no header)", strings.Join(rec, ","))
		}
		if err != nil {
			return nil, fmt.Errorf("alerts: series line %d: %w", line, err)
		}
		if n := len(pts); n > 0 && !pt.Start.After(pts[n-1].Start) {
			return nil, fmt.Errorf("alerts: series line %d: timestamp %s is not after the previous one", line, rec[0])
		}
		pts = append(pts, pt)
	}
	return pts, nil
}

// startsWithDigit reports whether s, trimmed, starts like a timestamp.
func startsWithDigit(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

func parsePoint(ts, val string) (Point, error) {
	ts, val = strings.TrimSpace(ts), strings.TrimSpace(val)
	var at time.Time
	var err error
	for _, l := range timeLayouts {
		if at, err = time.Parse(l, ts); err == nil {
			break
		}
	}
	if err != nil {
		return Point{}, fmt.Errorf("bad timestamp %q", ts)
	}
	v, err := strconv.ParseFloat(val, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return Point{}, fmt.Errorf("bad value %q: want a count of zero or more", val)
	}
	return Point{Start: at.UTC(), Value: v}, nil
}

// Replay runs pts through a detector with parameters p and returns the
// alerts it raises. An alert still open at the end ends with the last
// point's window.
func Replay(p Params, pts []Point) []Spike {
	d := NewDetector(p)
	var out []Spike
	var cur *Spike
	var prev Point
	var prevV Verdict
	for _, pt := range pts {
		v := d.Observe(pt)
		if v.Fire {
			out = append(out, Spike{Start: v.Since})
			cur = &out[len(out)-1]
			if prevV.Abnormal && prev.Value > pt.Value { // the run began a window earlier
				cur.Observed, cur.Expected = prev.Value, prevV.Expected
			}
		}
		prev, prevV = pt, v
		if cur == nil {
			continue
		}
		cur.Score = max(cur.Score, v.Score)
		if pt.Value > cur.Observed {
			cur.Observed, cur.Expected = pt.Value, v.Expected
		}
		if v.Resolve || !v.Firing {
			cur.End = pt.Start.Add(p.Window)
			cur = nil
		}
	}
	if cur != nil && len(pts) > 0 {
		cur.End = pts[len(pts)-1].Start.Add(p.Window)
	}
	for i := range out {
		out[i].Severity = severityOf(out[i].Score, p.Threshold, out[i].Observed, out[i].Expected, 0)
	}
	return out
}
