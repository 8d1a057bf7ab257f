package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/socialcrm/socialcrm"
)

// codes maps sentinel errors to HTTP status codes; the only such table.
var codes = []struct {
	err  error
	code int
}{
	{socialcrm.ErrNotFound, http.StatusNotFound},
	{socialcrm.ErrInvalid, http.StatusBadRequest},
	{socialcrm.ErrConflict, http.StatusConflict},
}

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
	msg := err.Error()
	if code == http.StatusInternalServerError {
		s.Logger.Error("http request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

// decodeJSON reads a JSON request body of at most limit bytes into v.
func decodeJSON(r *http.Request, limit int64, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, limit))
	if err := dec.Decode(v); err != nil {
		return socialcrm.Invalidf("request body: %v", err)
	}
	return nil
}
