package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) alertRoutes(mux *router) {
	mux.handle("GET /api/v1/alerts", PermRead, s.handleAlerts)
	mux.handle("GET /api/v1/alerts/settings", PermRead, s.handleAlertSettings)
	mux.handle("PUT /api/v1/alerts/settings", PermConfigure, s.handleEditAlertSettings)
	mux.handle("GET /api/v1/alerts/{id}", PermRead, s.handleAlert)
	mux.handle("POST /api/v1/alerts/{id}/ack", PermWork, s.handleAlertChange(socialcrm.AlertService.AckAlert))
	mux.handle("POST /api/v1/alerts/{id}/resolve", PermWork, s.handleAlertChange(socialcrm.AlertService.ResolveAlert))
	mux.handle("GET /api/v1/silences", PermRead, s.handleSilences)
	mux.handle("POST /api/v1/silences", PermConfigure, s.handleCreateSilence)
	mux.handle("DELETE /api/v1/silences/{id}", PermConfigure, s.handleDeleteSilence)
}

// alertList is the JSON answer of GET /api/v1/alerts.
type alertList struct {
	Alerts []*socialcrm.Alert `json:"alerts"`
	Total  int                `json:"total"`
}

var alertStatuses = []string{socialcrm.AlertFiring, socialcrm.AlertAcknowledged, socialcrm.AlertResolved}

func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.AlertFilter{Brand: q.str("brand"), Status: q.str("status"), Since: q.time("since"),
		Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	if f.Status != nil && !slices.Contains(alertStatuses, *f.Status) {
		q.fail(socialcrm.Invalidf("parameter status=%q: want firing, acknowledged or resolved", *f.Status))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	as, total, err := s.Store.FindAlerts(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if as == nil {
		as = []*socialcrm.Alert{}
	}
	writeJSON(w, http.StatusOK, alertList{Alerts: as, Total: total})
}

func (s *Server) handleAlert(w http.ResponseWriter, r *http.Request) {
	a, err := s.Store.FindAlertByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// alertSettings is an alert service that shows its settings.
type alertSettings interface{ Settings() any }

// handleAlertSettings shows the detector parameters shared by every
// brand, each brand's overrides, the VIP thresholds and the caps.
func (s *Server) handleAlertSettings(w http.ResponseWriter, r *http.Request) {
	if !s.haveAlerts(w) {
		return
	}
	as, ok := s.Alerts.(alertSettings)
	if !ok {
		writeJSON(w, http.StatusNotImplemented, map[string]string{"error": "this alert service does not show its settings"})
		return
	}
	writeJSON(w, http.StatusOK, as.Settings())
}

// alertSettingsEditor is an alert service whose settings can be edited.
type alertSettingsEditor interface {
	EditSettings(ctx context.Context, body []byte) (any, error)
}

// maxAlertSettingsBytes bounds the body of an edit of the alert settings.
const maxAlertSettingsBytes = 64 << 10

// handleEditAlertSettings lays the settings of the body (the keys of the
// --alert-config file, in JSON) over those in force, and answers
// the settings now in force. The alert service validates them as the file
// loader does, stores them and tells the other processes.
func (s *Server) handleEditAlertSettings(w http.ResponseWriter, r *http.Request) {
	if !s.haveAlerts(w) {
		return
	}
	ed, ok := s.Alerts.(alertSettingsEditor)
	if !ok {
		writeJSON(w, http.StatusNotImplemented, map[string]string{"error": "this alert service does not edit its settings"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAlertSettingsBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			err = fmt.Errorf("request body larger than %d bytes: %w", tooLarge.Limit, errTooLarge)
		} else {
			err = socialcrm.Invalidf("request body: %v", err)
		}
		s.writeError(w, r, err)
		return
	}
	out, err := ed.EditSettings(r.Context(), body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// handleAlertChange serves ack and resolve through the alert service, in
// the name of the signed-in caller.
func (s *Server) handleAlertChange(change func(socialcrm.AlertService, context.Context, string, string) (*socialcrm.Alert, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.haveAlerts(w) {
			return
		}
		a, err := change(s.Alerts, r.Context(), r.PathValue("id"), principalOf(r).Actor())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, a)
	}
}

// silenceList is the JSON answer of GET /api/v1/silences.
type silenceList struct {
	Silences []socialcrm.Silence `json:"silences"`
}

func (s *Server) handleSilences(w http.ResponseWriter, r *http.Request) {
	if !s.haveAlerts(w) {
		return
	}
	ss, err := s.Alerts.FindSilences(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ss == nil {
		ss = []socialcrm.Silence{}
	}
	writeJSON(w, http.StatusOK, silenceList{Silences: ss})
}

func (s *Server) handleCreateSilence(w http.ResponseWriter, r *http.Request) {
	if !s.haveAlerts(w) {
		return
	}
	var in socialcrm.Silence
	if err := decodeJSON(r, 16<<10, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.ID, in.CreatedBy = "", principalOf(r).Actor()
	out, err := s.Alerts.CreateSilence(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) handleDeleteSilence(w http.ResponseWriter, r *http.Request) {
	if !s.haveAlerts(w) {
		return
	}
	if err := s.Alerts.DeleteSilence(r.Context(), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// haveAlerts answers 503 when no alert service is wired.
func (s *Server) haveAlerts(w http.ResponseWriter) bool {
	if s.Alerts == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": errNoAlerts.Error()})
		return false
	}
	return true
}

var errNoAlerts = errors.New("alert service is not running")
