package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sentimentData returns ../shared/data/sentiment from the module root, or
// skips the test.
func sentimentData(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Skip("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	d := filepath.Join(dir, "..", "shared", "data", "sentiment")
	if _, err := os.Stat(filepath.Join(d, "italian", "train_text.txt")); err != nil {
		if os.Getenv("SOCIALCRM_REQUIRE_DATA") != "" {
			t.Fatalf("shared sentiment data not found: %v (SOCIALCRM_REQUIRE_DATA is set)", err)
		}
		t.Skipf("shared sentiment data not found: %v", err)
	}
	return d
}

// TestTrainSentiment trains the Italian model twice (it is small) and wants
// the same file, the report, and the committed model's bytes.
func TestTrainSentiment(t *testing.T) {
	data := sentimentData(t)
	dir := t.TempDir()
	env := func(string) string { return "" }
	var files [][]byte
	for i := range 2 {
		var out, errw bytes.Buffer
		path := filepath.Join(dir, "it.model")
		args := []string{"train", "sentiment", "--data", data, "--lang", "it", "--out", path}
		if err := run(context.Background(), args, env, nil, &out, &errw); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, errw.String())
		}
		for _, want := range []string{"macro recall", "macro F1", "negative recall", "confusion matrix", "vader", "wrote "} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, out.String())
			}
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two runs with the same seed wrote different files")
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "sentiment", "models", "it.model"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files[0], committed) {
		t.Error("the command's model differs from sentiment/models/it.model")
	}
}

func TestTrainSentiment_Errors(t *testing.T) {
	env := func(string) string { return "" }
	for _, args := range [][]string{
		{"train"},
		{"train", "cats"},
		{"train", "sentiment", "--out", "x"},
		{"train", "sentiment", "--data", t.TempDir(), "--out", filepath.Join(t.TempDir(), "m")},
		{"train", "sentiment", "--data", t.TempDir(), "--lang", "xx", "--out", "m"},
	} {
		var out, errw bytes.Buffer
		if err := run(context.Background(), args, env, nil, &out, &errw); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
