package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) mergeRoutes(mux *router) {
	mux.handle("POST /api/v1/contacts/{id}/merge", PermWork, s.handleMergeContact)
}

// mergeAnswer is the answer of POST /api/v1/contacts/{id}/merge.
type mergeAnswer struct {
	Merge   *socialcrm.ContactMerge `json:"merge"`
	Contact *socialcrm.Contact      `json:"contact"`
}

// handleMergeContact merges the contact named by "from" into the one of
// the path.
func (s *Server) handleMergeContact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in struct {
		From string `json:"from"`
	}
	if err := decodeJSON(r, 4<<10, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := socialcrm.ValidID("from", in.From); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.Store.MergeContacts(ctx, r.PathValue("id"), in.From)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Store.FindContactByID(ctx, m.Into)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.contactSaved(c)              // the moved identities now lead to c
	if s.OnConsentChanged != nil { // into's consent, which may be the duplicate's, covers the moved identities
		if k, err := s.Store.FindConsent(ctx, m.Into); err == nil {
			s.OnConsentChanged(ctx, k)
		}
	}
	writeJSON(w, http.StatusOK, mergeAnswer{Merge: m, Contact: c})
}

// redirectMerged answers a request for a contact (or one of its reads)
// that was merged into another with a permanent redirect to the same path
// of that one, and reports whether it did.
func (s *Server) redirectMerged(w http.ResponseWriter, r *http.Request, err error) bool {
	if !errors.Is(err, socialcrm.ErrNotFound) {
		return false
	}
	m, ferr := s.Store.FindContactMerge(r.Context(), r.PathValue("id"))
	if ferr != nil {
		return false
	}
	loc := strings.Replace(r.URL.Path, "/contacts/"+m.From, "/contacts/"+m.Into, 1)
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	writeJSON(w, http.StatusPermanentRedirect, map[string]string{"error": "contact " + m.From + " was merged into " + m.Into, "merged_into": m.Into})
	return true
}
