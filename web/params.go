package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// query reads typed URL query parameters and remembers the first error, so
// that handlers can read several and check once.
type query struct {
	r   *http.Request
	now time.Time
	err error
}

func newQuery(r *http.Request) *query { return &query{r: r, now: time.Now()} }

// str returns a pointer to the parameter's value, or nil when it is absent.
func (q *query) str(name string) *string {
	v := strings.TrimSpace(q.r.URL.Query().Get(name))
	if v == "" {
		return nil
	}
	return &v
}

// owner reads ?owner=: nil when absent, the signed-in user's id for
// "me", "" (the unassigned) for "none", otherwise the user id given.
func (q *query) owner() *string {
	switch o := q.str("owner"); {
	case o == nil:
		return nil
	case *o == "me":
		me := principalOf(q.r).Actor()
		return &me
	case *o == "none":
		return new(string)
	default:
		return o
	}
}

// int returns the parameter as an integer in [min, max], or def.
func (q *query) int(name string, def, min, max int) int {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		q.fail(socialcrm.Invalidf("parameter %s=%q: want a whole number from %d to %d", name, v, min, max))
		return def
	}
	return n
}

// time reads an RFC 3339 time or a duration back from now ("24h", "90m",
// "7d").
func (q *query) time(name string) *time.Time {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return &t
	}
	if d, err := parseDuration(v); err == nil && d > 0 {
		t := q.now.Add(-d)
		return &t
	}
	q.fail(socialcrm.Invalidf("parameter %s=%q: want an RFC 3339 time or a duration such as 24h or 7d", name, v))
	return nil
}

// duration reads a positive duration ("5m", "1h", "1d") or returns def.
func (q *query) duration(name string, def time.Duration) time.Duration {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	d, err := parseDuration(v)
	if err != nil || d <= 0 {
		q.fail(socialcrm.Invalidf("parameter %s=%q: want a positive duration such as 5m, 1h or 1d", name, v))
		return def
	}
	return d
}

// bool reads true or false (also 1 or 0).
func (q *query) bool(name string) *bool {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.fail(socialcrm.Invalidf("parameter %s=%q: want true or false", name, v))
		return nil
	}
	return &b
}

// label reads a sentiment label.
func (q *query) label(name string) *string {
	v := q.str(name)
	if v != nil && !socialcrm.ValidLabel(*v) {
		q.fail(socialcrm.Invalidf("parameter %s=%q: want positive, neutral or negative", name, *v))
		return nil
	}
	return v
}

func (q *query) fail(err error) {
	if q.err == nil {
		q.err = err
	}
}

// parseDuration is time.ParseDuration that also accepts days ("7d").
func parseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, err
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
