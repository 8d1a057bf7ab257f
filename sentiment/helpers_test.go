package sentiment

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// dataDir returns the shared sentiment data folder (../shared/data/sentiment
// from the module root), skipping the test when it is absent, or failing it
// when SOCIALCRM_REQUIRE_DATA is set.
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
			noData(tb, "go.mod not found above the working directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data", "sentiment")
	for _, f := range []string{filepath.Join(semEvalDir, ValidationFile), filepath.Join(italianDir, "val_text.txt"), ValenceFile} {
		if _, err := os.Stat(filepath.Join(d, f)); err != nil {
			noData(tb, "shared sentiment data not found: "+err.Error())
		}
	}
	return d
}

// noData skips the test, or fails it when SOCIALCRM_REQUIRE_DATA is set.
func noData(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("SOCIALCRM_REQUIRE_DATA") != "" {
		tb.Fatalf("%s (SOCIALCRM_REQUIRE_DATA is set)", why)
	}
	tb.Skip(why)
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
