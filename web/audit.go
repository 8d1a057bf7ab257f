package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) auditRoutes(mux *router) {
	mux.handle("GET /api/v1/audit", PermAdmin, s.handleAudit)
	mux.page("GET /audit", PermAdmin, s.page("audit"))
}

// auditedReads are the reads that export personal data: they are audited
// like changes.
var auditedReads = map[string]bool{"GET /api/v1/contacts/{id}/export": true}

// keptBodies are the routes whose JSON body is kept in the audit entry
// (After): small, and holding no personal data. Other bodies (passwords,
// contacts) are never kept.
var keptBodies = map[string]bool{
	"POST /api/v1/cases/{id}/assign":       true,
	"POST /api/v1/contacts/{id}/merge":     true,
	"POST /api/v1/mentions/{id}/sentiment": true,
	"POST /api/v1/silences":                true,
	"POST /api/v1/tokens":                  true,
	"PUT /api/v1/contacts/{id}/consent":    true,
	"PUT /api/v1/alerts/settings":          true,
	"PATCH /api/v1/users/{id}":             true,
}

// maxKeptBody bounds the body kept in an audit entry.
const maxKeptBody = 2 << 10

// audited reports whether requests of a route are audited.
func audited(rt Route, r *http.Request) bool {
	return !rt.Page && rt.Permission != PermPublic && (unsafeMethod(r.Method) || auditedReads[rt.Pattern])
}

// bufferedWriter holds a response until the audit entry of its request
// is stored.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

// serveAudited runs an audited request: the response is held until its
// audit entry is stored, and a change that could not be audited answers
// 500 saying so, rather than going unrecorded in silence.
func (s *Server) serveAudited(w http.ResponseWriter, r *http.Request, rt Route, p *Principal, h http.Handler) {
	var kept []byte
	if keptBodies[rt.Pattern] && r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxKeptBody+1))
		if err != nil {
			s.writeError(w, r, socialcrm.Invalidf("request body: %v", err))
			return
		}
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), r.Body))
		if len(b) <= maxKeptBody && json.Valid(b) {
			kept = b
		}
	}
	id := newRequestID()
	w.Header().Set("X-Request-Id", id)
	bw := &bufferedWriter{header: w.Header()}
	h.ServeHTTP(bw, r)
	if bw.status == 0 {
		bw.status = http.StatusOK
	}
	if bw.status < 400 {
		err := s.Store.AppendAudit(r.Context(), &socialcrm.AuditEntry{ID: "au-" + id, At: time.Now(), Actor: p.Actor(),
			Action: auditAction(rt.Pattern), Target: auditTarget(r), After: kept, Status: bw.status, RequestID: id,
			RemoteAddr: remoteAddr(r)})
		if err != nil {
			s.Logger.Error("audit entry not stored", "request_id", id, "err", err)
			writeJSON(w, http.StatusInternalServerError, map[string]string{
				"error": "the change was made but could not be audited (request " + id + "); see the service's log"})
			return
		}
	}
	w.WriteHeader(bw.status)
	_, _ = w.Write(bw.body.Bytes())
}

// auditAction names a route in the audit trail: its pattern without the
// API prefix, e.g. "POST /cases/{id}/assign".
func auditAction(pattern string) string { return strings.Replace(pattern, " /api/v1", " ", 1) }

// auditTarget names what a request acts on: its resource and id, e.g.
// "cases/case-1", or the resource alone.
func auditTarget(r *http.Request) string {
	res, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/api/v1/"), "/")
	if id := r.PathValue("id"); id != "" {
		return res + "/" + id
	}
	return res
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// auditList is the JSON answer of GET /api/v1/audit.
type auditList struct {
	Entries []*socialcrm.AuditEntry `json:"entries"`
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.AuditFilter{Limit: q.int("limit", 100, 1, 1000)}
	for name, dst := range map[string]*string{"actor": &f.Actor, "action": &f.Action, "target": &f.Target} {
		if v := q.str(name); v != nil {
			*dst = *v
		}
	}
	if t := q.time("since"); t != nil {
		f.Since = *t
	}
	if t := q.time("until"); t != nil {
		f.Until = *t
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	es, err := s.Store.FindAudit(r.Context(), f)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("web: audit: %w", err))
		return
	}
	if es == nil {
		es = []*socialcrm.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, auditList{Entries: es})
}
