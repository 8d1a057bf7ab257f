// Package web serves the HTTP API, the server-sent event stream and the
// dashboard.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/crm"
)

// Server holds the HTTP handlers. cmd sets its fields before Handler is
// called; nil optional services leave their routes answering 503.
type Server struct {
	Store  socialcrm.Store
	Logger *slog.Logger
	// Gatherer serves /metrics.
	Gatherer prometheus.Gatherer
	// Checks are run by /readyz, by name (for example "kafka", "store").
	Checks map[string]func(context.Context) error
	// OnContactSaved is told of every contact saved through the API.
	OnContactSaved func(*socialcrm.Contact)
	// OnConsentChanged is told of every consent recorded through the API
	// (a lead's has LeadID set)
	// (cmd updates the suppression list the pipeline uses).
	OnConsentChanged func(context.Context, *socialcrm.Consent)
	// Demo injects synthetic complaint bursts; nil outside the demo.
	Demo Burster
	// Stream fans scored mentions and alerts out to /api/v1/stream.
	Stream *Hub
	// Sentiment learns from hand corrections; nil: corrections are only stored.
	Sentiment socialcrm.SentimentLearner
	// Graph answers ties, communities, influencers and ego networks.
	Graph socialcrm.GraphService
	// Alerts acks, resolves and silences alerts; nil answers 503.
	Alerts socialcrm.AlertService
	// Cases assigns, answers, resolves and reopens cases; nil answers 503.
	Cases socialcrm.CaseService
	// Reports computes the SLA reports; nil: Handler makes one on Store.
	Reports socialcrm.SLAReporter
	// Ingest takes signed mentions on POST /api/v1/ingest; nil answers 503.
	Ingest *Ingest
	// Privacy exports and erases contacts (GDPR); nil answers 503.
	Privacy socialcrm.PrivacyService
	// Timeline merges what happened on a record; nil: Handler makes one
	// on Store.
	Timeline socialcrm.TimelineService
	// Auth signs users in; nil: Handler makes one on Store with
	// auth.DefaultConfig. Every route but the public ones needs a caller.
	Auth *auth.Service
	// OIDC signs users in through an OpenID Connect provider; nil: off.
	OIDC *OIDC
	// SecureCookies marks the session cookie Secure (the public URL is
	// https).
	SecureCookies bool
	// Stages is the pipeline opportunities move through; the zero value
	// is the default pipeline.
	Stages socialcrm.Stages
	// FX converts a won opportunity's amount to its account's currency;
	// nil knows no rate, so only wins in the account's currency count.
	FX *socialcrm.FXRates

	routes []Route
	// sales replaces Stages and FX once SetSales is called.
	sales atomic.Pointer[salesConfig]
}

// Handler returns the routed HTTP handler. Non-safe cross-origin browser
// requests are refused on every path.
func (s *Server) Handler() http.Handler {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Auth == nil {
		a, err := auth.New(s.Store, auth.DefaultConfig(), s.Logger)
		if err != nil {
			panic(err) // the default configuration is valid
		}
		s.Auth = a
	}
	if s.Timeline == nil {
		s.Timeline = &crm.Timeline{Store: s.Store}
	}
	mux := &router{s: s, mux: http.NewServeMux()}
	mux.handle("GET /healthz", PermPublic, s.handleHealthz)
	mux.handle("GET /readyz", PermPublic, s.handleReadyz)
	if s.Gatherer != nil {
		mux.handle("GET /metrics", PermMetrics, promhttp.HandlerFor(s.Gatherer, promhttp.HandlerOpts{}).ServeHTTP)
	}
	s.sessionRoutes(mux)
	s.userRoutes(mux)
	s.tokenRoutes(mux)
	s.auditRoutes(mux)
	s.oidcRoutes(mux)
	s.signInRoutes(mux)
	s.mentionRoutes(mux)
	s.breakdownRoutes(mux)
	s.contactRoutes(mux)
	s.activityRoutes(mux)
	s.privacyRoutes(mux)
	s.consentRoutes(mux)
	s.leadConsentRoutes(mux)
	s.segmentRoutes(mux)
	s.alertRoutes(mux)
	s.caseRoutes(mux)
	s.slaRoutes(mux)
	s.leadRoutes(mux)
	s.opportunityRoutes(mux)
	s.salesRoutes(mux)
	s.graphRoutes(mux)
	s.ingestRoutes(mux)
	s.sentimentRoutes(mux)
	s.streamRoutes(mux)
	s.demoRoutes(mux)
	s.dashboardRoutes(mux)
	s.routes = mux.routes
	return s.harden(s.crossOrigin(mux.mux))
}

// Routes returns every route Handler registered, with its permission.
func (s *Server) Routes() []Route { return s.routes }
