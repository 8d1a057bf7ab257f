package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

// recordKind is a kind of CRM record with activities and a timeline, and
// how to tell that one exists (ErrNotFound when not).
type recordKind struct {
	kind   string
	exists func(ctx context.Context, id string) error
}

// activityRoutes serves the record routes: account writes, contact
// merges, and the activities and timeline of contacts and accounts.
func (s *Server) activityRoutes(mux *router) {
	s.recordRoutes(mux, recordKind{socialcrm.RecordContact, func(ctx context.Context, id string) error {
		_, err := s.Store.FindContactByID(ctx, id)
		return err
	}})
	s.recordRoutes(mux, recordKind{socialcrm.RecordAccount, func(ctx context.Context, id string) error {
		_, err := s.Store.FindAccountByID(ctx, id)
		return err
	}})
	s.accountWriteRoutes(mux)
	s.mergeRoutes(mux)
	mux.handle("GET /api/v1/activities", PermRead, s.handleFindActivities)
	mux.handle("GET /api/v1/activities/{id}", PermRead, s.handleActivity)
	mux.handle("PATCH /api/v1/activities/{id}", PermWork, s.handleUpdateActivity)
}

// recordRoutes serves the activities and the timeline of one kind of
// record under /api/v1/<kinds>/{id}/.
func (s *Server) recordRoutes(mux *router, rk recordKind) {
	base := "/api/v1/" + socialcrm.RecordPath(rk.kind) + "/{id}"
	mux.handle("GET "+base+"/activities", PermRead, s.handleRecordActivities(rk))
	mux.handle("POST "+base+"/activities", PermWork, s.handleCreateActivity(rk))
	mux.handle("GET "+base+"/timeline", PermRead, s.handleTimeline(rk))
}

// activityList is the JSON answer of the activity lists.
type activityList struct {
	Activities []*socialcrm.Activity `json:"activities"`
}

func (s *Server) writeActivities(w http.ResponseWriter, r *http.Request, f socialcrm.ActivityFilter) {
	as, err := s.Store.FindActivities(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if as == nil {
		as = []*socialcrm.Activity{}
	}
	writeJSON(w, http.StatusOK, activityList{Activities: as})
}

// activityQuery reads the filters every activity list shares.
func activityQuery(q *query) socialcrm.ActivityFilter {
	f := socialcrm.ActivityFilter{Kind: q.str("kind"), Done: q.bool("done"),
		Limit: q.int("limit", 50, 1, socialcrm.MaxActivityPage)}
	if until := q.time("until"); until != nil {
		f.Until = *until
	}
	return f
}

func (s *Server) handleRecordActivities(rk recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		q := newQuery(r)
		f := activityQuery(q)
		if q.err != nil {
			s.writeError(w, r, q.err)
			return
		}
		if err := rk.exists(r.Context(), id); err != nil {
			if rk.kind == socialcrm.RecordContact && s.redirectMerged(w, r, err) {
				return
			}
			s.writeError(w, r, err)
			return
		}
		f.RecordKind, f.RecordID = rk.kind, id
		s.writeActivities(w, r, f)
	}
}

// handleFindActivities lists activities across records: the task lists.
// assignee=me is the caller; overdue=true selects open tasks past due.
func (s *Server) handleFindActivities(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := activityQuery(q)
	f.Assignee, f.DueBefore = q.str("assignee"), q.time("due_before")
	overdue := q.bool("overdue")
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	if f.Assignee != nil && *f.Assignee == "me" {
		me := principalOf(r).User.ID
		f.Assignee = &me
	}
	if overdue != nil && *overdue {
		task, open := socialcrm.ActivityTask, false
		f.Kind, f.Done, f.DueBefore = &task, &open, &q.now
	}
	s.writeActivities(w, r, f)
}

func (s *Server) handleActivity(w http.ResponseWriter, r *http.Request) {
	a, err := s.Store.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// activityInput is the body of POST …/activities.
type activityInput struct {
	Kind     string     `json:"kind"`
	Subject  string     `json:"subject"`
	Body     string     `json:"body"`
	DueAt    *time.Time `json:"due_at"`
	Assignee string     `json:"assignee"`
}

func (s *Server) handleCreateActivity(rk recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, id := r.Context(), r.PathValue("id")
		var in activityInput
		if err := decodeJSON(r, 64<<10, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := rk.exists(ctx, id); err != nil {
			s.writeError(w, r, err)
			return
		}
		a := &socialcrm.Activity{ID: "act-" + newRequestID(), Kind: in.Kind, Subject: in.Subject, Body: in.Body,
			DueAt: in.DueAt, Assignee: in.Assignee, RecordKind: rk.kind, RecordID: id, Author: principalOf(r).Actor()}
		if err := s.checkActivity(ctx, a); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := s.Store.CreateActivity(ctx, a); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.answerActivity(w, r, a.ID, http.StatusCreated)
	}
}

// checkActivity validates a and checks that its assignee is a user.
func (s *Server) checkActivity(ctx context.Context, a *socialcrm.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Assignee == "" {
		return nil
	}
	_, err := s.Store.FindUserByID(ctx, a.Assignee)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return socialcrm.Invalidf("activity: assignee %q is not a user", a.Assignee)
	}
	return err
}

func (s *Server) answerActivity(w http.ResponseWriter, r *http.Request, id string, code int) {
	saved, err := s.Store.FindActivityByID(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, saved)
}

// handleUpdateActivity merges the fields present in the body into an
// activity: completing a task is {"done": true}.
func (s *Server) handleUpdateActivity(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var p activityPatch
	if err := decodeJSON(r, 64<<10, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Store.FindActivityByID(ctx, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := p.apply(a, time.Now()); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.checkActivity(ctx, a); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.UpdateActivity(ctx, a); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.answerActivity(w, r, a.ID, http.StatusOK)
}

// activityPatch is the body of PATCH /api/v1/activities/{id}: absent
// fields keep their value, null clears due_at and assignee.
type activityPatch struct {
	Subject  *string             `json:"subject"`
	Body     *string             `json:"body"`
	DueAt    nullable[time.Time] `json:"due_at"`
	Done     *bool               `json:"done"`
	Assignee nullable[string]    `json:"assignee"`
}

func (p activityPatch) apply(a *socialcrm.Activity, now time.Time) error {
	if p.Done != nil && a.Kind != socialcrm.ActivityTask {
		return socialcrm.Invalidf("activity %q: done: only a task is done, not a %s", a.ID, a.Kind)
	}
	if p.Subject != nil {
		a.Subject = *p.Subject
	}
	if p.Body != nil {
		a.Body = *p.Body
	}
	if p.DueAt.Set {
		a.DueAt = p.DueAt.Ptr()
	}
	if p.Assignee.Set {
		a.Assignee = p.Assignee.Value
	}
	if p.Done != nil && *p.Done != a.Done {
		a.Done, a.DoneAt = *p.Done, nil
		if a.Done {
			a.DoneAt = &now
		}
	}
	return nil
}

// nullable is a PATCH field: Set when present in the body, Null when it
// was null.
type nullable[T any] struct {
	Set   bool
	Null  bool
	Value T
}

func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

// Ptr returns the value, or nil when it was null.
func (n nullable[T]) Ptr() *T {
	if n.Null {
		return nil
	}
	v := n.Value
	return &v
}
