// Package intent tells what a social-media post wants: to ask a question,
// complain, praise, buy, leave (churn), or none of those.
//
// The classifier is a weighted cue lexicon: phrases found in the text add
// weight to one intent, praise after a negation counts as complaint, a
// question mark or a question word at the start counts as question, and the
// intent with the most weight wins. It is built for the scoring hot path:
// Classify does not allocate and is safe for concurrent use.
package intent

import (
	"context"

	"github.com/socialcrm/socialcrm"
)

// Intent indexes, in tie-break order: on equal weight the earlier wins.
const (
	churn = iota
	purchase
	complaint
	question
	praise
	other
	numIntents
)

var names = [numIntents]string{
	socialcrm.IntentChurn, socialcrm.IntentPurchase, socialcrm.IntentComplaint,
	socialcrm.IntentQuestion, socialcrm.IntentPraise, socialcrm.IntentOther,
}

// Intents lists every label Classify returns.
var Intents = append([]string(nil), names[:]...)

// Weights that are not phrase cues.
const (
	questionMarkWeight   = 1.5
	questionStartWeight  = 1.0
	minWeight            = 1.5 // below this the text is "other"
	overrideQuestion     = 2.5 // churn or purchase weight that outranks a question
	maxPhraseWords       = 4
	negationWindow       = 3
	wordNegator          = 1 << 0
	wordQuestionStart    = 1 << 1
	wordGreeting         = 1 << 2
	negatedPraiseIntent  = complaint
	questionWordsAtStart = 3
	// Sentiment scores that make a cue-less text a complaint or a praise;
	// set on the tuning split, where neutral posts often score mildly
	// positive but rarely negative.
	complaintFallback = -0.3
	praiseFallback    = 0.8
)

type cue struct {
	intent int
	weight float32
}

// Classifier assigns an intent to a text. Build it with New.
type Classifier struct {
	phrases map[uint64]cue
	words   map[uint64]uint8 // word hash → wordNegator | wordQuestionStart | wordGreeting
}

// New builds a classifier from the built-in cue lexicon.
func New() *Classifier {
	c := &Classifier{phrases: make(map[uint64]cue), words: make(map[uint64]uint8)}
	for _, g := range cues {
		for _, p := range g.phrases {
			key, ok := phraseKey(p)
			if !ok {
				continue
			}
			if old, dup := c.phrases[key]; !dup || old.weight < g.weight {
				c.phrases[key] = cue{g.intent, g.weight}
			}
		}
	}
	c.flagWords(negators, wordNegator)
	c.flagWords(questionStarts, wordQuestionStart)
	c.flagWords(greetings, wordGreeting)
	return c
}

func (c *Classifier) flagWords(words []string, flag uint8) {
	for _, w := range words {
		if key, ok := phraseKey(w); ok {
			c.words[key] |= flag
		}
	}
}

// phraseKey scans a cue phrase the way texts are scanned and folds its words
// into one key.
func phraseKey(p string) (uint64, bool) {
	var t tokens
	t.scan(p)
	if t.n == 0 || t.n > maxPhraseWords {
		return 0, false
	}
	key := t.hash[0]
	for i := 1; i < t.n; i++ {
		key = ngramKey(key, t.hash[i])
	}
	return key, true
}

// Classify returns the intent of text: one of socialcrm.IntentQuestion,
// IntentComplaint, IntentPraise, IntentPurchase, IntentChurn or IntentOther.
func (c *Classifier) Classify(text string) string { return names[c.classify(text)] }

// ClassifyScored is Classify with the text's sentiment as a fallback: a
// text without any intent cue whose sentiment is clearly negative is a
// complaint, clearly positive a praise. s may be nil; an unsupported or
// weak sentiment changes nothing.
func (c *Classifier) ClassifyScored(text string, s *socialcrm.Sentiment) string {
	in := c.classify(text)
	if in == other && s != nil && !s.Unsupported {
		switch {
		case s.Label == socialcrm.Negative && s.Score <= complaintFallback:
			in = complaint
		case s.Label == socialcrm.Positive && s.Score >= praiseFallback:
			in = praise
		}
	}
	return names[in]
}

// Process sets m.Intent from its text and sentiment, which the pipeline has
// scored before; it makes a Classifier a pipeline stage.
func (c *Classifier) Process(_ context.Context, m *socialcrm.Mention) error {
	if !m.Deleted {
		m.Intent = c.ClassifyScored(m.Text, m.Sentiment)
	}
	return nil
}

func (c *Classifier) classify(text string) int {
	var t tokens
	t.scan(text)
	var score [numIntents]float32
	c.addPhrases(&t, &score)
	if t.quest > 0 {
		score[question] += questionMarkWeight
	}
	if c.startsAsQuestion(&t) {
		score[question] += questionStartWeight
	}
	best := other
	for i := range numIntents {
		if score[i] > score[best] || score[i] == score[best] && i < best {
			best = i
		}
	}
	if best == question {
		// A question about buying or leaving is a purchase or churn signal.
		for _, in := range [...]int{churn, purchase} {
			if score[in] >= overrideQuestion && score[in] >= score[best]-score[question]+overrideQuestion {
				best = in
				break
			}
		}
	}
	if score[best] < minWeight {
		return other
	}
	return best
}

// addPhrases adds the weight of every cue phrase found, longest match first,
// left to right without overlap.
func (c *Classifier) addPhrases(t *tokens, score *[numIntents]float32) {
	for i := 0; i < t.n; {
		var keys [maxPhraseWords]uint64
		n := min(maxPhraseWords, t.n-i)
		keys[0] = t.hash[i]
		for j := 1; j < n; j++ {
			keys[j] = ngramKey(keys[j-1], t.hash[i+j])
		}
		matched := 1
		for j := n - 1; j >= 0; j-- {
			cu, ok := c.phrases[keys[j]]
			if !ok {
				continue
			}
			intent := cu.intent
			if intent == praise && c.negatedAt(t, i) {
				intent = negatedPraiseIntent
			}
			score[intent] += cu.weight
			matched = j + 1
			break
		}
		i += matched
	}
}

// negatedAt reports whether one of the few words before word i negates it.
func (c *Classifier) negatedAt(t *tokens, i int) bool {
	for j := max(0, i-negationWindow); j < i; j++ {
		if c.words[t.hash[j]]&wordNegator != 0 {
			return true
		}
	}
	return false
}

// startsAsQuestion reports whether the first word after any greeting is a
// question word ("how", "does", "can"…).
func (c *Classifier) startsAsQuestion(t *tokens) bool {
	for i := 0; i < t.n && i < questionWordsAtStart; i++ {
		f := c.words[t.hash[i]]
		if f&wordQuestionStart != 0 {
			return true
		}
		if f&wordGreeting == 0 {
			return false
		}
	}
	return false
}
