package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) privacyRoutes(mux *router) {
	mux.handle("GET /api/v1/contacts/{id}/export", PermPrivacy, s.withPrivacy(s.handleExportContact))
	mux.handle("POST /api/v1/contacts/{id}/erase", PermPrivacy, s.withPrivacy(s.handleEraseContact))
}

var errNoPrivacy = errors.New("contact export and erasure are not available")

// withPrivacy answers 503 while no privacy service is set.
func (s *Server) withPrivacy(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Privacy == nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": errNoPrivacy.Error()})
			return
		}
		h(w, r)
	}
}

// exportName is the file name of a contact's export: its ID with only
// safe characters.
func exportName(id string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, id)
	return "contact-" + strings.Trim(safe, ".") + ".json"
}

func (s *Server) handleExportContact(w http.ResponseWriter, r *http.Request) {
	x, err := s.Privacy.ExportContact(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", exportName(x.Contact.ID)))
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, exportView{ContactExport: x, Cases: viewCases(x.Cases, time.Now())})
}

// exportView is a contact's export as the API shows it: its cases say
// whether they are overdue, as everywhere else.
type exportView struct {
	*socialcrm.ContactExport
	Cases []caseView `json:"cases"`
}

// erasureFailure is the answer when an erasure stops at a failed step.
type erasureFailure struct {
	Error string            `json:"error"`
	Step  string            `json:"step"`
	Done  socialcrm.Erasure `json:"done"`
}

func (s *Server) handleEraseContact(w http.ResponseWriter, r *http.Request) {
	rec, err := s.Privacy.EraseContact(r.Context(), r.PathValue("id"))
	var ee *socialcrm.ErasureError
	if errors.As(err, &ee) {
		code := errorStatus(ee.Err)
		s.Logger.Error("contact erasure stopped", "contact_id", ee.Done.ContactID, "step", ee.Step, "err", ee.Err)
		d := ee.Done
		writeJSON(w, code, erasureFailure{Step: ee.Step, Done: d, Error: fmt.Sprintf(
			"erasure stopped at step %q: %d alerts unlinked, %d mentions deleted, %d unlinked, %d cases deleted, %d graph nodes forgotten before it; the contact is kept: erase it again to finish",
			ee.Step, d.AlertsUnlinked, d.MentionsDeleted, d.MentionsUnlinked, d.CasesDeleted, d.GraphNodes)})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.Logger.Info("contact erased", "contact_id", rec.ContactID, "mentions_deleted", rec.MentionsDeleted,
		"cases_deleted", rec.CasesDeleted)
	writeJSON(w, http.StatusOK, rec)
}
