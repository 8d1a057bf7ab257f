package socialcrm

// CalendarSpec describes business hours as configured: a time zone, the
// working periods of each day ("mon-fri": "09:00-12:30, 13:30-17:30") and
// holidays ("2026-12-25").
type CalendarSpec struct {
	Zone     string            `json:"zone,omitempty" yaml:"zone"`
	Hours    map[string]string `json:"hours" yaml:"hours"`
	Holidays []string          `json:"holidays,omitempty" yaml:"holidays"`
}

// SLAConfig is the service-level configuration: named calendars and the
// ordered policies that use them. Cases no policy matches get the
// per-channel defaults.
type SLAConfig struct {
	Calendars map[string]CalendarSpec `json:"calendars,omitempty" yaml:"calendars"`
	Policies  []SLAPolicy             `json:"policies" yaml:"policies"`
	// CheckEvery is how often targets are checked (at risk, missed) and
	// notices sent; 0 means every 30 s.
	CheckEvery Duration `json:"check_every,omitempty" yaml:"check_every"`
}
