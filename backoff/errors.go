package backoff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// PermanentError stops retrying: bad credentials, bad configuration, or an
// emit that failed downstream.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as not worth retrying. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// WaitError is a failure after which the server asked for a wait (HTTP 429
// or 503 with Retry-After, or an exhausted rate limit).
type WaitError struct {
	Status int
	Wait   time.Duration
	Err    error
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("%v (server asks to wait %s)", e.Err, e.Wait)
}
func (e *WaitError) Unwrap() error { return e.Err }

// ServerWait returns the wait the server asked for in err, if any.
func ServerWait(err error) (time.Duration, bool) {
	var w *WaitError
	if errors.As(err, &w) {
		return w.Wait, true
	}
	return 0, false
}

// RetryAfter parses a Retry-After header: delay seconds or an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// StatusError turns an unsuccessful HTTP response into an error: a
// *WaitError for 429 and 503 (with Retry-After when sent, else fallback),
// a permanent error for 400, 401, 403 and 404, and a plain error otherwise.
// what names the request for the message.
func StatusError(resp *http.Response, what string, fallback time.Duration) error {
	err := &HTTPError{Code: resp.StatusCode, Msg: fmt.Sprintf("%s: HTTP %s", what, resp.Status)}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		d, ok := RetryAfter(resp.Header, time.Now())
		if !ok {
			d = fallback
		}
		return &WaitError{Status: resp.StatusCode, Wait: d, Err: err}
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return Permanent(err)
	}
	return err
}

// HTTPError is an unsuccessful HTTP status.
type HTTPError struct {
	Code int
	Msg  string
}

func (e *HTTPError) Error() string { return e.Msg }

// Status returns the HTTP status code in err, or 0.
func Status(err error) int {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Code
	}
	return 0
}
