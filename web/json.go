package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

// codes maps sentinel errors to HTTP status codes; the only such table.
var codes = []struct {
	err  error
	code int
}{
	{socialcrm.ErrNotFound, http.StatusNotFound},
	{socialcrm.ErrInvalid, http.StatusBadRequest},
	{socialcrm.ErrConflict, http.StatusConflict},
	{errTooLarge, http.StatusRequestEntityTooLarge},
	{auth.ErrCredentials, http.StatusUnauthorized},
	{auth.ErrRateLimited, http.StatusTooManyRequests},
}

// errTooLarge is a request body over its limit.
var errTooLarge = errors.New("request body too large")

// internalPrefix matches the package prefixes wrapped errors carry ("postgres:
// save contact: ..."): they say where an error arose, which is no business
// of the client's, and are cut from the messages shown.
var internalPrefix = regexp.MustCompile(`\b(postgres|pgx|memory|store|crm|alerts|graph|kafka|pipeline|sentiment|entity|intent|web|socialcrm): `)

// publicMessage is err's message as a client sees it.
func publicMessage(err error) string { return internalPrefix.ReplaceAllString(err.Error(), "") }

// errorStatus returns the HTTP status for err.
func errorStatus(err error) int {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return http.StatusInternalServerError
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError writes {"error": "..."} with the status that fits err. Internal
// errors are logged and their detail is not shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := errorStatus(err)
	msg := publicMessage(err)
	if code == http.StatusInternalServerError {
		s.Logger.Error("http request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

// decodeJSON reads a JSON request body of at most limit bytes into v,
// refusing fields v does not have.
func decodeJSON(r *http.Request, limit int64, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return fmt.Errorf("request body larger than %d bytes: %w", tooLarge.Limit, errTooLarge)
		}
		return socialcrm.Invalidf("request body: %v", err)
	}
	return nil
}
