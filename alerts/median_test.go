package alerts

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMedian checks the selection against a sort on random lists with
// many ties, of odd and even lengths.
func TestMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 300; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rng.IntN(1 + n/3))
		}
		sorted := slices.Sorted(slices.Values(xs))
		want := sorted[n/2]
		if n%2 == 0 {
			want = (sorted[n/2-1] + sorted[n/2]) / 2
		}
		if got := median(xs); got != want {
			t.Fatalf("n %d: median %v, want %v", n, got, want)
		}
		if !slices.Equal(slices.Sorted(slices.Values(xs)), sorted) {
			t.Fatalf("n %d: median lost values", n)
		}
	}
}
