package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) slaRoutes(mux *router) {
	mux.handle("GET /api/v1/teams", PermRead, s.handleTeams)
	mux.handle("GET /api/v1/teams/{id}", PermRead, s.handleTeam)
	mux.handle("PUT /api/v1/teams/{id}", PermConfigure, s.handlePutTeam)
	mux.handle("DELETE /api/v1/teams/{id}", PermConfigure, s.handleDeleteTeam)
	mux.handle("PATCH /api/v1/cases/{id}", PermWork, s.handlePatchCase)
	s.reportRoutes(mux)
}

// teamView is a team with its members: the users that list it.
type teamView struct {
	*socialcrm.Team
	Members []string `json:"members"`
}

// teamList is the JSON answer of GET /api/v1/teams.
type teamList struct {
	Teams []teamView `json:"teams"`
}

func (s *Server) viewTeams(r *http.Request, ts ...*socialcrm.Team) ([]teamView, error) {
	us, err := s.Store.FindUsers(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]teamView, len(ts))
	for i, t := range ts {
		out[i] = teamView{Team: t, Members: []string{}}
		for _, u := range us {
			if slices.Contains(u.Teams, t.ID) {
				out[i].Members = append(out[i].Members, u.ID)
			}
		}
	}
	return out, nil
}

func (s *Server) handleTeams(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Store.FindTeams(r.Context())
	if err == nil {
		var vs []teamView
		if vs, err = s.viewTeams(r, ts...); err == nil {
			writeJSON(w, http.StatusOK, teamList{Teams: vs})
			return
		}
	}
	s.writeError(w, r, err)
}

func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) {
	t, err := s.Store.FindTeamByID(r.Context(), r.PathValue("id"))
	if err == nil {
		var vs []teamView
		if vs, err = s.viewTeams(r, t); err == nil {
			writeJSON(w, http.StatusOK, vs[0])
			return
		}
	}
	s.writeError(w, r, err)
}

// teamBody is the body of PUT /api/v1/teams/{id}.
type teamBody struct {
	Name       string `json:"name"`
	Supervisor string `json:"supervisor"`
	Calendar   string `json:"calendar"`
}

// calendars is what the case service may tell of its SLA calendars.
type calendars interface{ HasCalendar(name string) bool }

func (s *Server) handlePutTeam(w http.ResponseWriter, r *http.Request) {
	var b teamBody
	if err := decodeJSON(r, 4<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	t := &socialcrm.Team{ID: r.PathValue("id"), Name: b.Name, Supervisor: b.Supervisor, Calendar: b.Calendar}
	err := t.Validate()
	if err == nil && t.Supervisor != "" {
		u, ferr := s.Store.FindUserByID(ctx, t.Supervisor)
		switch {
		case errors.Is(ferr, socialcrm.ErrNotFound) || ferr == nil && !u.Active:
			err = socialcrm.Invalidf("team %q: supervisor %q: no active user has that id", t.ID, t.Supervisor)
		case ferr != nil:
			err = ferr
		}
	}
	if cs, ok := s.Cases.(calendars); err == nil && ok && t.Calendar != "" && !cs.HasCalendar(t.Calendar) {
		err = socialcrm.Invalidf("team %q: calendar %q: not one of the SLA calendars", t.ID, t.Calendar)
	}
	status := http.StatusOK
	if err == nil {
		if _, ferr := s.Store.FindTeamByID(ctx, t.ID); errors.Is(ferr, socialcrm.ErrNotFound) {
			status = http.StatusCreated
		}
		err = s.Store.SaveTeam(ctx, t)
	}
	if err == nil {
		t, err = s.Store.FindTeamByID(ctx, t.ID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs, err := s.viewTeams(r, t)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, vs[0])
}

func (s *Server) handleDeleteTeam(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.DeleteTeam(r.Context(), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
