package sentiment

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Dataset is a training set with its validation set, deduplicated by text
// and with no validation text in the training set.
type Dataset struct {
	Lang    string
	Train   []Example
	Val     []Example
	ValName string
}

// semEvalDir and italianDir are the data's folder names under sentiment/.
const (
	semEvalDir = "semeval2013-2016"
	italianDir = "italian"
)

// resolveDir returns dir, or dir/sub when dir is the parent of sub.
func resolveDir(dir, sub string) string {
	if st, err := os.Stat(filepath.Join(dir, sub)); err == nil && st.IsDir() {
		return filepath.Join(dir, sub)
	}
	return dir
}

// LoadDataset reads the training data of lang from dir: for "en" the SemEval
// folder (every file but the 2016 test set, which is the validation set), for
// "it" the Italian folder (train_* and val_*). dir may also be their parent.
func LoadDataset(dir, lang string) (Dataset, error) {
	switch lang {
	case "en":
		d := resolveDir(dir, semEvalDir)
		val, err := ReadSemEvalFiles(d, ValidationFile)
		if err != nil {
			return Dataset{}, err
		}
		files := append(append([]string(nil), SemEvalTrainFiles...), SemEvalTestFiles[:len(SemEvalTestFiles)-1]...)
		tr, err := ReadSemEvalFiles(d, files...)
		if err != nil {
			return Dataset{}, err
		}
		return Dataset{Lang: lang, Train: Exclude(tr, val), Val: val, ValName: ValidationFile}, nil
	case "it":
		d := resolveDir(dir, italianDir)
		val, err := ReadLabelled(filepath.Join(d, "val_text.txt"), filepath.Join(d, "val_labels.txt"))
		if err != nil {
			return Dataset{}, err
		}
		tr, err := ReadLabelled(filepath.Join(d, "train_text.txt"), filepath.Join(d, "train_labels.txt"))
		if err != nil {
			return Dataset{}, err
		}
		return Dataset{Lang: lang, Train: Exclude(Dedupe(tr), val), Val: Dedupe(val), ValName: "val_text.txt"}, nil
	}
	return Dataset{}, fmt.Errorf("sentiment: no training data for language %q (want en or it)", lang)
}

// LoadAllYears reads the SemEval data split for the all-years measurement:
// training on the train and dev files only, testing on every yearly test set
// (2013–2016) together.
func LoadAllYears(dir string) (Dataset, error) {
	d := resolveDir(dir, semEvalDir)
	test, err := ReadSemEvalFiles(d, SemEvalTestFiles...)
	if err != nil {
		return Dataset{}, err
	}
	tr, err := ReadSemEvalFiles(d, SemEvalTrainFiles...)
	if err != nil {
		return Dataset{}, err
	}
	return Dataset{Lang: "en", Train: Exclude(tr, test), Val: test, ValName: "all test years 2013-2016"}, nil
}

// LoadSarcasm reads the SemEval 2014 sarcasm test set.
func LoadSarcasm(dir string) ([]Example, error) {
	return ReadSemEvalFiles(resolveDir(dir, semEvalDir), SarcasmFile)
}

// ReadValence reads the VADER tweets file: "id<TAB>mean valence<TAB>text".
func ReadValence(path string) (texts []string, means []float64, err error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, nil, err
	}
	for i, l := range lines {
		parts := strings.SplitN(l, "\t", 3)
		if len(parts) != 3 {
			return nil, nil, fmt.Errorf("sentiment: %s line %d: want id<TAB>mean<TAB>text", path, i+1)
		}
		v, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			return nil, nil, fmt.Errorf("sentiment: %s line %d: %w", path, i+1, err)
		}
		texts, means = append(texts, parts[2]), append(means, v)
	}
	return texts, means, nil
}

// ValenceFile is the VADER tweets file below the sentiment data folder.
const ValenceFile = "vader-tweets/tweets_GroundTruth.txt"

// Correlation is the Pearson correlation of s's scores with means.
func Correlation(s Scorer, texts []string, means []float64, lang string) float64 {
	xs := make([]float64, len(texts))
	for i, t := range texts {
		xs[i] = s.Score(t, lang).Score
	}
	return Pearson(xs, means)
}
