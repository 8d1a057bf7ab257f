package alerts

import (
	"math"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// severityOf ranks an alert by the size of its deviation: its score
// against the threshold and how many times the expected count it is.
// boost levels are added for wide reach or valuable contacts.
func severityOf(score, threshold, observed, expected float64, boost int) string {
	ratio := observed / math.Max(expected, 1)
	level := 0
	switch {
	case score >= 2.5*threshold || ratio >= 20:
		level = 2
	case score >= 1.5*threshold || ratio >= 5:
		level = 1
	}
	level = min(level+boost, 2)
	return severities[level]
}

var severities = []string{socialcrm.SeverityInfo, socialcrm.SeverityWarning, socialcrm.SeverityCritical}

// raise returns the severity a step above s, critical at most.
func raise(s string) string {
	i := slices.Index(severities, s)
	return severities[min(i+1, len(severities)-1)]
}
