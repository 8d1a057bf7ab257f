package alerts

import "github.com/socialcrm/socialcrm"

// severityOf ranks an alert by the size of its deviation (score against
// threshold), raised by boost levels for wide reach or valuable contacts.
func severityOf(score, threshold float64, boost int) string {
	level := 0
	switch {
	case score >= 3*threshold:
		level = 2
	case score >= 1.5*threshold:
		level = 1
	}
	level = min(level+boost, 2)
	return []string{socialcrm.SeverityInfo, socialcrm.SeverityWarning, socialcrm.SeverityCritical}[level]
}
