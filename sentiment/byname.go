package sentiment

import "fmt"

// ModelNames lists the names ByName accepts.
var ModelNames = []string{"auto", "en", "it", "vader"}

// ByName returns a scorer: "auto" the language router over the trained
// models, "en" or "it" one trained model, "vader" the lexicon baseline.
func ByName(name string) (Scorer, error) {
	switch name {
	case "auto", "":
		return NewRouter()
	case "en":
		return NewEnglish()
	case "it":
		return NewItalian()
	case "vader":
		return NewVader(), nil
	}
	return nil, fmt.Errorf("sentiment: unknown model %q (want one of %v)", name, ModelNames)
}
