package socialcrm

// Sentiment labels.
const (
	Positive = "positive"
	Neutral  = "neutral"
	Negative = "negative"
)

// Labels lists the sentiment labels in a fixed order.
var Labels = []string{Negative, Neutral, Positive}

// Sentiment is the polarity of a text as scored by a model.
type Sentiment struct {
	Label      string  `json:"label"`
	Score      float64 `json:"score"`      // -1 (most negative) … +1 (most positive)
	Confidence float64 `json:"confidence"` // calibrated probability of Label, 0 … 1
	Model      string  `json:"model"`
	// Explain lists the tokens that contributed most to the label.
	Explain []TokenWeight `json:"explain,omitempty"`
	// Unsupported is set when no model exists for the text's language.
	Unsupported bool `json:"unsupported,omitempty"`
	// Corrected is set when a person fixed the label by hand.
	Corrected bool `json:"corrected,omitempty"`
}

// TokenWeight is one token's contribution to a sentiment decision.
type TokenWeight struct {
	Token  string  `json:"token"`
	Weight float64 `json:"weight"`
}

// ValidLabel reports whether l is one of the three sentiment labels.
func ValidLabel(l string) bool { return l == Positive || l == Neutral || l == Negative }
