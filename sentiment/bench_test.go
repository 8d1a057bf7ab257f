package sentiment

import (
	"path/filepath"
	"runtime"
	"testing"
)

// benchTexts returns the validation tweets: real tweets, 20,546 of them,
// about 100 bytes each. The benchmark skips without the shared data (and
// fails when SOCIALCRM_REQUIRE_DATA is set).
func benchTexts(b *testing.B) []string {
	b.Helper()
	exs, err := ReadSemEvalFiles(filepath.Join(dataDir(b), semEvalDir), ValidationFile)
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]string, len(exs))
	for i, e := range exs {
		texts[i] = e.Text
	}
	return texts
}

// benchScore scores the benchmark texts with s on one goroutine and
// reports texts per second of wall time and per second of processor time
// (which other processes on the machine do not lower).
func benchScore(b *testing.B, s Scorer, lang string) {
	texts := benchTexts(b)
	n := 0
	cpu := cpuSeconds()
	for b.Loop() {
		s.Score(texts[n%len(texts)], lang)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
	if used := cpuSeconds() - cpu; used > 0 {
		b.ReportMetric(float64(n)/used, "texts/cpu-s")
	}
}

// BenchmarkModel_Score scores real tweets with the English model.
func BenchmarkModel_Score(b *testing.B) { benchScore(b, mustEnglish(b), "en") }

// BenchmarkRouter_Score scores real tweets through the language router.
func BenchmarkRouter_Score(b *testing.B) {
	r, err := NewRouter()
	if err != nil {
		b.Fatal(err)
	}
	benchScore(b, r, "en")
}

// BenchmarkVader_Score is the lexicon baseline, for comparison.
func BenchmarkVader_Score(b *testing.B) { benchScore(b, NewVader(), "en") }

// BenchmarkLoad_English measures loading the embedded English model and
// the heap it keeps.
func BenchmarkLoad_English(b *testing.B) { benchLoad(b, NewEnglish) }

// BenchmarkLoad_Italian measures loading the embedded Italian model.
func BenchmarkLoad_Italian(b *testing.B) { benchLoad(b, NewItalian) }

func benchLoad(b *testing.B, load func() (*Model, error)) {
	vaderLexicon() // loaded once per process, measured apart below
	var before, after runtime.MemStats
	var keep *Model
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := load()
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
