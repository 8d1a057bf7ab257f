package sentiment

import (
	"bytes"
	_ "embed"
	"fmt"
)

// The committed models, trained by "socialcrm train sentiment" (see README).
var (
	//go:embed models/en.model
	englishModel []byte
	//go:embed models/it.model
	italianModel []byte
)

// NewEnglish loads the embedded English model, trained on the SemEval
// 2013–2016 Twitter data except the 2016 test set.
func NewEnglish() (*Model, error) { return load("en", englishModel) }

// NewItalian loads the embedded Italian model, trained on SENTIPOLC 2016 tweets.
func NewItalian() (*Model, error) { return load("it", italianModel) }

func load(name string, b []byte) (*Model, error) {
	m, err := ReadModel(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("sentiment: embedded %s model: %w", name, err)
	}
	return m, nil
}
