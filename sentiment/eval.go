package sentiment

import (
	"fmt"
	"io"
	"math"

	"github.com/socialcrm/socialcrm"
)

// confusion counts gold labels (rows) against predicted labels (columns),
// in the order of socialcrm.Labels.
type confusion [3][3]int

// Report is the evaluation of a scorer on a labelled set.
type Report struct {
	Model     string
	N         int
	Confusion [3][3]int // [gold][predicted]
	Recall    [3]float64
	Precision [3]float64
	F1        [3]float64
	// MacroRecall is the mean recall over the three classes (SemEval's AvgRec).
	MacroRecall float64
	MacroF1     float64
	Accuracy    float64
	// ECE is the expected calibration error of the confidences: the mean
	// gap between confidence and accuracy over ten confidence bins,
	// weighted by the bins' sizes.
	ECE float64
}

// Scorer scores the sentiment of a text written in lang.
type Scorer interface {
	Score(text, lang string) socialcrm.Sentiment
}

// Evaluate scores every example with s and compares with the gold labels.
func Evaluate(s Scorer, exs []Example, lang string) Report {
	var c confusion
	var bins [10]struct{ n, correct, conf float64 }
	model := ""
	for _, e := range exs {
		got := s.Score(e.Text, lang)
		model = got.Model
		li := LabelIndex(got.Label)
		c[e.Label][li]++
		b := &bins[min(int(got.Confidence*10), 9)]
		b.n++
		b.conf += got.Confidence
		if li == e.Label {
			b.correct++
		}
	}
	r := c.report()
	r.Model = model
	for _, b := range bins {
		if b.n > 0 && r.N > 0 {
			r.ECE += b.n / float64(r.N) * math.Abs(b.correct/b.n-b.conf/b.n)
		}
	}
	return r
}

func (c confusion) MacroRecall() float64 { return c.report().MacroRecall }

func (c confusion) report() Report {
	r := Report{Confusion: c}
	correct := 0
	for k := 0; k < 3; k++ {
		var row, col int
		for j := 0; j < 3; j++ {
			row += c[k][j]
			col += c[j][k]
			r.N += c[k][j]
		}
		correct += c[k][k]
		r.Recall[k] = ratio(c[k][k], row)
		r.Precision[k] = ratio(c[k][k], col)
		if r.Recall[k]+r.Precision[k] > 0 {
			r.F1[k] = 2 * r.Recall[k] * r.Precision[k] / (r.Recall[k] + r.Precision[k])
		}
		r.MacroRecall += r.Recall[k] / 3
		r.MacroF1 += r.F1[k] / 3
	}
	r.Accuracy = ratio(correct, r.N)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Print writes the report as a table.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "model %s on %d texts: macro recall %.3f  macro F1 %.3f  accuracy %.3f\n",
		r.Model, r.N, r.MacroRecall, r.MacroF1, r.Accuracy)
	fmt.Fprintf(w, "  %-9s %7s %9s %7s\n", "class", "recall", "precision", "F1")
	for k, l := range socialcrm.Labels {
		fmt.Fprintf(w, "  %-9s %7.3f %9.3f %7.3f\n", l, r.Recall[k], r.Precision[k], r.F1[k])
	}
	fmt.Fprintf(w, "  confusion (rows gold, columns predicted): %9s %9s %9s\n", "negative", "neutral", "positive")
	for k, l := range socialcrm.Labels {
		fmt.Fprintf(w, "  %-41s %9d %9d %9d\n", l, r.Confusion[k][0], r.Confusion[k][1], r.Confusion[k][2])
	}
}

// Pearson is the correlation coefficient of xs and ys.
func Pearson(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n == 0 || len(xs) != len(ys) {
		return math.NaN()
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// PrintSideBySide writes two reports of the same set as one table.
func PrintSideBySide(w io.Writer, a, b Report) {
	fmt.Fprintf(w, "%-22s %17s %17s\n", "", trim(a.Model, 17), trim(b.Model, 17))
	row := func(name string, x, y float64) { fmt.Fprintf(w, "%-22s %17.3f %17.3f\n", name, x, y) }
	row("macro recall", a.MacroRecall, b.MacroRecall)
	row("macro F1", a.MacroF1, b.MacroF1)
	row("accuracy", a.Accuracy, b.Accuracy)
	row("calibration error", a.ECE, b.ECE)
	for k, l := range socialcrm.Labels {
		row(l+" recall", a.Recall[k], b.Recall[k])
		row(l+" precision", a.Precision[k], b.Precision[k])
		row(l+" F1", a.F1[k], b.F1[k])
	}
	fmt.Fprintln(w, "confusion matrix (rows gold, columns predicted negative/neutral/positive):")
	for k, l := range socialcrm.Labels {
		fmt.Fprintf(w, "  %-9s %6d %6d %6d   | %6d %6d %6d\n", l,
			a.Confusion[k][0], a.Confusion[k][1], a.Confusion[k][2],
			b.Confusion[k][0], b.Confusion[k][1], b.Confusion[k][2])
	}
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
