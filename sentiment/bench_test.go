package sentiment

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// benchTexts returns the validation tweets, or the golden inputs when the
// shared data is absent.
func benchTexts(b *testing.B) []string {
	b.Helper()
	var texts []string
	if exs, err := ReadSemEvalFiles(filepath.Join(sharedDataDir(), semEvalDir), ValidationFile); err == nil {
		for _, e := range exs {
			texts = append(texts, e.Text)
		}
		return texts
	}
	for _, f := range []string{"testdata/score.txt", "testdata/tokens.txt"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
	}
	return texts
}

// sharedDataDir is dataDir without skipping.
func sharedDataDir() string {
	dir, _ := os.Getwd()
	for dir != filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data", "sentiment")
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// BenchmarkModel_Score scores tweets on one goroutine.
func BenchmarkModel_Score(b *testing.B) {
	texts, m := benchTexts(b), mustEnglish(b)
	n := 0
	for b.Loop() {
		m.Score(texts[n%len(texts)], "en")
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkRouter_Score scores tweets through the language router.
func BenchmarkRouter_Score(b *testing.B) {
	texts := benchTexts(b)
	r, err := NewRouter()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		r.Score(texts[n%len(texts)], "")
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkVader_Score is the lexicon baseline, for comparison.
func BenchmarkVader_Score(b *testing.B) {
	texts, v := benchTexts(b), NewVader()
	n := 0
	for b.Loop() {
		v.Score(texts[n%len(texts)], "en")
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkNewEnglish measures loading the embedded English model and the
// heap it keeps.
func BenchmarkNewEnglish(b *testing.B) {
	vaderLexicon() // loaded once per process, measured apart below
	var before, after runtime.MemStats
	var keep *Model
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := NewEnglish()
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		keep = m
	}
	_ = keep
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
}
