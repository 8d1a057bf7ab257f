package socialcrm

import "context"

// SentimentScorer scores the sentiment of a text written in lang (an ISO
// 639-1 code, or "" when unknown).
type SentimentScorer interface {
	Score(text, lang string) Sentiment
}

// SentimentLearner learns from a person's correction of a mention's
// sentiment, so that later mentions of the same brand score better.
type SentimentLearner interface {
	// LearnCorrection records that m's sentiment is label. Returns
	// ErrInvalid for an unknown label.
	LearnCorrection(ctx context.Context, m *Mention, label string) error
}
