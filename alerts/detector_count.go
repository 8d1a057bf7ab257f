package alerts

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// maxCountScore caps the score of a count so improbable that its tail
// probability underflows.
const maxCountScore = 40

// countRate is a Gamma belief about a series' count per window: shape
// (counts seen plus the prior's) over rate (windows seen plus the
// prior's). Its mean is the expected count of one window.
// seen is how many windows of the series it comes from; extra is the
// spread beyond Poisson of the sums it was measured on (1/size of their
// negative binomial), 0 when unknown.
type countRate struct{ shape, rate, seen, extra float64 }

// rateOf is the belief about the count per window after n windows
// totalling sum, from the prior of p (Params.PriorMean over
// Params.PriorWindows windows).
func (p Params) rateOf(sum, n float64) countRate {
	return countRate{shape: sum + p.PriorMean*p.PriorWindows, rate: n + p.PriorWindows, seen: n}
}

// predict returns the expected sum of the next k windows and the
// negative binomial size of its spread: the rate's own uncertainty (few
// counts seen: wide) combined with the extra-Poisson noise of a series of
// dispersion r per window (0: Poisson), or the spread measured on
// earlier sums when that is wider.
func (c countRate) predict(k int, r float64) (mean, size float64) {
	if c.rate <= 0 {
		return 0, 0
	}
	mean = float64(k) * c.shape / c.rate
	noise := c.extra
	if r > 0 {
		noise = max(noise, 1/(float64(k)*r))
	}
	inv := 1/math.Max(c.shape, 1e-9) + noise
	return mean, 1 / inv
}

// countScore is how improbable a sum of x is when sums are negative
// binomial with the given mean and size, as the standard normal score of
// the same upper tail: P(X >= x) = P(Z >= score). A count at or below the
// mean scores 0 or less.
func countScore(x, mean, size float64) float64 {
	x = math.Ceil(x - 1e-9)
	if x <= 0 || x <= mean {
		return math.Min(0, (x-mean)/math.Sqrt(math.Max(mean, 1)))
	}
	mean = math.Max(mean, 1e-6)
	// P(X >= x) = I_{mean/(size+mean)}(x, size) for the negative
	// binomial, the lower regularised gamma P(x, mean) for Poisson.
	var tail float64
	if size <= 0 || size > 1e6 {
		tail = mathext.GammaIncReg(x, mean)
	} else {
		tail = mathext.RegIncBeta(x, size, mean/(size+mean))
	}
	if tail <= 0 || math.IsNaN(tail) {
		return maxCountScore
	}
	if tail >= 0.5 {
		return 0
	}
	return math.Min(-distuv.UnitNormal.Quantile(tail), maxCountScore)
}
