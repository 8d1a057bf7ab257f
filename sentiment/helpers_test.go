package sentiment

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// dataDir returns the shared sentiment data folder (../shared/data/sentiment
// from the module root), skipping the test when it is absent.
func dataDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("go.mod not found above the working directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data", "sentiment")
	if _, err := os.Stat(filepath.Join(d, semEvalDir, ValidationFile)); err != nil {
		tb.Skipf("shared sentiment data not found at %s: %v", d, err)
	}
	return d
}

var (
	enOnce sync.Once
	enM    *Model
	enErr  error
)

// mustEnglish returns the embedded English model, loaded once per test binary.
func mustEnglish(tb testing.TB) *Model {
	tb.Helper()
	enOnce.Do(func() { enM, enErr = NewEnglish() })
	if enErr != nil {
		tb.Fatal(enErr)
	}
	return enM
}
