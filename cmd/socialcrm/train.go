package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/socialcrm/socialcrm/sentiment"
)

func cmdTrain(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "train", []command{
		{"sentiment", "train the sentiment model on labelled data, reproducibly", cmdTrainSentiment},
	}, args, io)
}

func cmdTrainSentiment(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("train sentiment", "train sentiment --data DIR --out FILE [--lang en|it] [--seed N]", io)
	data := fs.String("data", "SOCIALCRM_SENTIMENT_DATA", "", "labelled data: the SemEval folder (en), the Italian folder (it) or their parent")
	out := fs.String("out", "", "", "model file to write")
	lang := fs.String("lang", "", "en", "language: en or it")
	seed := fs.Int("seed", "", 1, "random seed (same seed and data, same file)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return fmt.Errorf("train: --data and --out are required")
	}
	ds, err := sentiment.LoadDataset(*data, *lang)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	opt := sentiment.DefaultTrainOptions(*lang)
	opt.Seed = uint64(*seed)
	start := time.Now()
	m, err := sentiment.Train(ds.Train, opt)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(io.out, "trained %s on %d texts (deduplicated, no validation text) in %.1fs, seed %d\n",
		m.Name(), len(ds.Train), time.Since(start).Seconds(), *seed)
	vader := sentiment.NewVader()
	fmt.Fprintf(io.out, "\nvalidation set %s (%d texts), VADER baseline beside (compound ≥ %.2f positive, ≤ −%.2f negative):\n",
		ds.ValName, len(ds.Val), sentiment.VaderThreshold, sentiment.VaderThreshold)
	sentiment.PrintSideBySide(io.out, sentiment.Evaluate(m, ds.Val, *lang), sentiment.Evaluate(vader, ds.Val, *lang))
	if *lang == "en" {
		if err := extraReports(io, *data, opt, m, vader); err != nil {
			return err
		}
	}
	return writeModel(io, m, *out)
}

// extraReports prints the all-years measurement, the sarcasm set and the
// correlation with human valence for the English model.
func extraReports(io stdio, dir string, opt sentiment.TrainOptions, m *sentiment.Model, vader *sentiment.Vader) error {
	all, err := sentiment.LoadAllYears(dir)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	m2, err := sentiment.Train(all.Train, opt)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(io.out, "\n%s (%d texts), model retrained on the train and dev files only (%d texts):\n",
		all.ValName, len(all.Val), len(all.Train))
	sentiment.PrintSideBySide(io.out, sentiment.Evaluate(m2, all.Val, "en"), sentiment.Evaluate(vader, all.Val, "en"))
	if sar, err := sentiment.LoadSarcasm(dir); err == nil {
		a, b := sentiment.Evaluate(m, sar, "en"), sentiment.Evaluate(vader, sar, "en")
		fmt.Fprintf(io.out, "\nsarcasm set %s (%d texts, known limit): macro recall %.3f accuracy %.3f (VADER %.3f, %.3f)\n",
			sentiment.SarcasmFile, len(sar), a.MacroRecall, a.Accuracy, b.MacroRecall, b.Accuracy)
	}
	vf := filepath.Join(dir, "..", sentiment.ValenceFile)
	if _, err := os.Stat(vf); err != nil {
		vf = filepath.Join(dir, sentiment.ValenceFile)
	}
	if texts, means, err := sentiment.ReadValence(vf); err == nil {
		fmt.Fprintf(io.out, "Pearson r with human valence means (%d tweets): model %.3f, VADER %.3f\n",
			len(texts), sentiment.Correlation(m, texts, means, "en"), sentiment.Correlation(vader, texts, means, "en"))
	}
	return nil
}

// writeModel writes the model file through a temporary file and a rename.
func writeModel(io stdio, m *sentiment.Model, path string) error {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(io.out, "\nwrote %s: %d bytes, sha256 %x\n", path, buf.Len(), sha256.Sum256(buf.Bytes()))
	return nil
}
