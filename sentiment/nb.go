package sentiment

import (
	"math"
	"math/rand/v2"
)

// Naive-Bayes features (Wang & Manning 2012, "NBSVM"), stacked into the
// logistic regression: every text gets one value per class, the sum over
// its features of the naive-Bayes log-count ratio of that class against the
// other two, and the regression learns how much to trust each. The values of
// a training text come from ratios counted on the other folds only, so the
// regression sees them as they behave on unseen text. The sum is linear in
// the features, so once trained it is folded into the bucket weights: the
// scorer and the model file are unchanged.

// nbFolds is the number of folds the training texts' naive-Bayes values
// are computed over.
const nbFolds = 5

// nbScale brings the summed log ratios near the range of the other features.
const nbScale = 0.1

// nbCounts adds the absolute feature values of samples to counts, 3 per
// bucket (some dense features are signed).
func (m *Model) nbCounts(counts []float32, samples []sample, sign float32) {
	for _, s := range samples {
		for _, f := range s.feats {
			counts[(f.h&m.feat.mask)*3+uint32(s.label)] += sign * float32(math.Abs(float64(f.v)))
		}
	}
}

// nbRatios turns class counts per bucket into log-count ratios, one class
// against the other two, smoothed by alpha; 0 for a bucket never seen.
func nbRatios(counts []float32, alpha float64) []float32 {
	var tot [3]float64
	for i := 0; i < len(counts); i += 3 {
		for c := 0; c < 3; c++ {
			tot[c] += float64(counts[i+c])
		}
	}
	buckets := float64(len(counts) / 3)
	r := make([]float32, len(counts))
	for i := 0; i < len(counts); i += 3 {
		all := float64(counts[i]) + float64(counts[i+1]) + float64(counts[i+2])
		if all <= 1e-3 {
			continue
		}
		for c := 0; c < 3; c++ {
			in := math.Max(float64(counts[i+c]), 0)
			restTot := tot[0] + tot[1] + tot[2] - tot[c]
			p := (in + alpha) / (tot[c] + alpha*buckets)
			q := (math.Max(all-in, 0) + alpha) / (restTot + alpha*buckets)
			r[i+c] = float32(math.Log(p / q))
		}
	}
	return r
}

// nbValues are the naive-Bayes values of s under ratios r.
func (m *Model) nbValues(r []float32, s *sample) [3]float32 {
	var v [3]float32
	for _, f := range s.feats {
		i := (f.h & m.feat.mask) * 3
		v[0] += f.v * r[i]
		v[1] += f.v * r[i+1]
		v[2] += f.v * r[i+2]
	}
	for c := range v {
		v[c] *= nbScale
	}
	return v
}

// trainFold fits m on samples: opt.Bag models with their own shuffles,
// each with the naive-Bayes values when opt.NaiveBayes, averaged into m.
func (m *Model) trainFold(samples []sample, opt TrainOptions, rng *rand.Rand) {
	var nb [][3]float32
	var ratios []float32
	if opt.NaiveBayes {
		counts := make([]float32, len(m.w))
		m.nbCounts(counts, samples, 1)
		ratios = nbRatios(counts, opt.NBAlpha)
		nb = make([][3]float32, len(samples))
		for k := 0; k < nbFolds; k++ {
			var fold []sample
			var idx []int
			for i := k; i < len(samples); i += nbFolds {
				fold, idx = append(fold, samples[i]), append(idx, i)
			}
			m.nbCounts(counts, fold, -1)
			rk := nbRatios(counts, opt.NBAlpha)
			m.nbCounts(counts, fold, 1)
			for j, i := range idx {
				nb[i] = m.nbValues(rk, &fold[j])
			}
		}
	}
	bags := max(opt.Bag, 1)
	sum := make([]float32, len(m.w))
	var bias [3]float32
	for b := 0; b < bags; b++ {
		mb := &Model{cfg: m.cfg, w: make([]float32, len(m.w)), feat: m.feat}
		beta := mb.fit(samples, opt, rng, nb)
		if ratios != nil {
			for i := 0; i < len(mb.w); i += 3 {
				for c := 0; c < 3; c++ {
					for d := 0; d < 3; d++ {
						mb.w[i+d] += beta[c][d] * nbScale * ratios[i+c]
					}
				}
			}
		}
		for i, x := range mb.w {
			sum[i] += x
		}
		for c := range bias {
			bias[c] += mb.bias[c]
		}
	}
	for i := range sum {
		m.w[i] = sum[i] / float32(bags)
	}
	for c := range bias {
		m.bias[c] = bias[c] / float32(bags)
	}
}
