// Package sentiment scores the sentiment of mentions.
//
// Scorers all have the method Score(text, lang) socialcrm.Sentiment:
//
//   - Vader (NewVader) is the lexicon baseline, github.com/jonreiter/govader
//     with VADER's own thresholds (compound ≥ 0.05 positive, ≤ −0.05 negative).
//   - Model (NewEnglish, NewItalian) is a multinomial logistic regression over
//     hashed features of a tweet-aware tokenizer: words and word bigrams
//     (marked inside a negation scope), character 3–5-grams, hashtags split
//     into words, emoji and emoticons, elongations and capitals, and for
//     English the VADER lexicon valences and their compound score. Models are
//     trained by Train (AdaGrad, class-balanced, fixed seed: the same data and
//     seed give the same file), calibrated by temperature scaling on a
//     held-out tenth of the training data, and embedded in the binary.
//   - Router (NewRouter) sends each text to the model of its language: en and
//     it, no or unknown language to English, any other language is neutral
//     with confidence 0 and Unsupported set.
//   - Service (NewService) adds per-brand term overrides and an adapter that
//     learns from hand corrections (LearnCorrection), persisted in a
//     socialcrm.StateStore; ScoreMention and ScoreBrand use them.
//
// The committed models are rebuilt with
//
//	socialcrm train sentiment --data ../shared/data/sentiment --lang en --out sentiment/models/en.model
//	socialcrm train sentiment --data ../shared/data/sentiment --lang it --out sentiment/models/it.model
//
// and TestTrain_Reproducible checks that they are what the data gives.
package sentiment
