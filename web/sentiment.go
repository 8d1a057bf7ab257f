package web

import (
	"net/http"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) sentimentRoutes(mux *router) {
	mux.handle("POST /api/v1/mentions/{id}/sentiment", PermWork, s.handleCorrectSentiment)
}

// correctionRequest is the body of a sentiment correction.
type correctionRequest struct {
	Label string `json:"label"`
}

// correctedScores is the score a hand-set label gets.
var correctedScores = map[string]float64{socialcrm.Positive: 1, socialcrm.Neutral: 0, socialcrm.Negative: -1}

// handleCorrectSentiment sets a mention's label by hand, at once and for
// good (later re-scoring keeps it), feeds the brand's sentiment adapter
// and answers with the updated mention.
func (s *Server) handleCorrectSentiment(w http.ResponseWriter, r *http.Request) {
	var req correctionRequest
	if err := decodeJSON(r, 1<<10, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !socialcrm.ValidLabel(req.Label) {
		s.writeError(w, r, socialcrm.Invalidf("label %q: want positive, neutral or negative", req.Label))
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	m, err := s.Store.FindMentionByID(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fix := socialcrm.Sentiment{Label: req.Label, Score: correctedScores[req.Label], Confidence: 1,
		Model: "manual", Corrected: true}
	if err := s.Store.CorrectSentiment(ctx, id, fix); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.Sentiment != nil {
		// The correction is stored; a failure to learn from it is logged, not fatal.
		if err := s.Sentiment.LearnCorrection(ctx, m, req.Label); err != nil {
			s.Logger.Error("learn sentiment correction", "mention_id", id, "brand", m.Brand, "err", err)
		}
	}
	updated, err := s.Store.FindMentionByID(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, updated)
}
