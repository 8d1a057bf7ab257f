package sentiment

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// TrainOptions tune Train. Zero fields take the defaults of DefaultTrainOptions.
type TrainOptions struct {
	Config
	Seed   uint64
	Epochs int
	Rate   float64 // AdaGrad learning rate
	L2     float64 // L2 penalty per update
	// CalibFolds is the number of folds of the cross-validation that fits
	// the temperature and the label offsets: a model is trained on all
	// folds but one, its logits on the one left out are kept, and the
	// calibration is fitted on the held-out logits of every text. The
	// final model is then trained on all of the data. 0 or 1: none.
	CalibFolds int
	// NaiveBayes adds the naive-Bayes values of each class (see nb.go),
	// smoothed by NBAlpha; they are folded into the weights after training.
	NaiveBayes bool
	NBAlpha    float64
	// Bag is the number of models fitted with different shuffles whose
	// weights are averaged (0 or 1: one).
	Bag int
}

// DefaultTrainOptions returns the options the committed models use.
func DefaultTrainOptions(lang string) TrainOptions {
	o := TrainOptions{Config: Config{Name: "socialcrm-" + lang + "-v1", Lang: lang, Bits: 19,
		CharMin: 3, CharMax: 4, Lexicon: lang == "en"},
		Seed: 1, Epochs: 5, Rate: 0.005, L2: 1e-6, CalibFolds: 5, NBAlpha: 1}
	if lang != "en" {
		o.Bits, o.Epochs, o.CharMax = 18, 10, 5 // little data: a smaller table, more passes, longer n-grams
	}
	return o
}

// sample is a featurized training example.
type sample struct {
	feats []feature
	label int
}

// Train fits a model on exs. The result depends only on exs and opt.
func Train(exs []Example, opt TrainOptions) (*Model, error) {
	if len(exs) < 10 {
		return nil, fmt.Errorf("sentiment: train: %d examples are too few", len(exs))
	}
	if opt.Bits < 8 || opt.Bits > 24 {
		return nil, fmt.Errorf("sentiment: train: bits %d out of 8…24", opt.Bits)
	}
	m := newModel(opt.Config)
	samples := m.featurize(exs)
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed))
	rng.Shuffle(len(samples), func(i, j int) { samples[i], samples[j] = samples[j], samples[i] })
	if opt.CalibFolds > 1 {
		held := make([]heldOut, 0, len(samples))
		for k := 0; k < opt.CalibFolds; k++ {
			var in, out []sample
			for i, s := range samples {
				if i%opt.CalibFolds == k {
					out = append(out, s)
				} else {
					in = append(in, s)
				}
			}
			mk := newModel(opt.Config)
			mk.trainFold(in, opt, rng)
			for _, s := range out {
				held = append(held, heldOut{z: mk.rawLogits(s.feats), label: s.label})
			}
		}
		m.calibrate(held)
	}
	m.trainFold(samples, opt, rng)
	m.quantize()
	return m, nil
}

func (m *Model) featurize(exs []Example) []sample {
	out := make([]sample, len(exs))
	sc := new(scratch)
	for i, e := range exs {
		m.feat.extract(sc, e.Text, nil)
		out[i] = sample{feats: append([]feature(nil), sc.feats...), label: e.Label}
	}
	return out
}

// fit runs AdaGrad on the class-balanced cross-entropy. nb, when not nil,
// holds extra inputs of each sample, whose 3×3 weights fit returns.
func (m *Model) fit(samples []sample, opt TrainOptions, rng *rand.Rand, nb [][3]float32) (beta [3][3]float32) {
	var beta2 [3][3]float32
	nbRate := float32(opt.Rate * 10)
	var counts [3]float64
	for _, s := range samples {
		counts[s.label]++
	}
	var cw [3]float32
	for c := range cw {
		cw[c] = float32(float64(len(samples)) / (3 * math.Max(counts[c], 1)))
	}
	g2 := make([]float32, len(m.w))
	var b2 [3]float32
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	rate, l2 := float32(opt.Rate), float32(opt.L2)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			s := &samples[idx]
			z := m.bias
			for _, f := range s.feats {
				i := (f.h & m.feat.mask) * 3
				z[0] += f.v * m.w[i]
				z[1] += f.v * m.w[i+1]
				z[2] += f.v * m.w[i+2]
			}
			if nb != nil {
				for c := range 3 {
					for d := range 3 {
						z[d] += nb[idx][c] * beta[c][d]
					}
				}
			}
			p := softmax(z, 1)
			var g [3]float32
			for c := range g {
				y := float32(0)
				if c == s.label {
					y = 1
				}
				g[c] = cw[s.label] * (float32(p[c]) - y)
			}
			for c := range g {
				b2[c] += g[c] * g[c]
				m.bias[c] -= rate * g[c] / float32(math.Sqrt(float64(b2[c])+1e-8))
			}
			if nb != nil {
				for c := range 3 {
					for d := range 3 {
						gr := g[d] * nb[idx][c]
						beta2[c][d] += gr * gr
						beta[c][d] -= nbRate * gr / float32(math.Sqrt(float64(beta2[c][d]))+1e-6)
					}
				}
			}
			for _, f := range s.feats {
				i := (f.h & m.feat.mask) * 3
				for c := uint32(0); c < 3; c++ {
					gr := g[c]*f.v + l2*m.w[i+c]
					g2[i+c] += gr * gr
					m.w[i+c] -= rate * gr / float32(math.Sqrt(float64(g2[i+c]))+1e-6)
				}
			}
		}
	}
	return beta
}

// heldOut is the logits of a text by a model not trained on it.
type heldOut struct {
	z     [3]float32
	label int
}

// rawLogits are the class scores of features.
func (m *Model) rawLogits(feats []feature) [3]float32 {
	z := m.bias
	for _, f := range feats {
		j := (f.h & m.feat.mask) * 3
		z[0] += f.v * m.w[j]
		z[1] += f.v * m.w[j+1]
		z[2] += f.v * m.w[j+2]
	}
	return z
}

// calibrate fits the temperature (lowest log loss) and the label offsets
// (highest mean of macro recall and macro F1) on held-out samples.
func (m *Model) calibrate(held []heldOut) {
	zs := make([][3]float32, len(held))
	for i, h := range held {
		zs[i] = h.z
	}
	best, bestT := math.Inf(1), float32(1)
	for t := float32(0.5); t <= 4; t += 0.05 {
		var nll float64
		for i, s := range held {
			nll -= math.Log(math.Max(softmax(zs[i], t)[s.label], 1e-12))
		}
		if nll < best {
			best, bestT = nll, t
		}
	}
	m.temp = bestT
	bestR := -1.0
	for a := float32(-1); a <= 1.001; a += 0.1 {
		for b := float32(-1); b <= 1.001; b += 0.1 {
			adj := [3]float32{a, 0, b}
			var conf [3][3]int
			for i, s := range held {
				conf[s.label][argmaxAdj(zs[i], adj)]++
			}
			rep := confusion(conf).report()
			if r := (rep.MacroRecall + rep.MacroF1) / 2; r > bestR+1e-9 {
				bestR, m.adjust = r, adj
			}
		}
	}
}

func argmaxAdj(z, adj [3]float32) int {
	l := 0
	for c := 1; c < 3; c++ {
		if z[c]+adj[c] > z[l]+adj[l] {
			l = c
		}
	}
	return l
}
