package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	in := strings.Join([]string{
		"I love this airline, the crew was amazing!",
		"",
		`{"id":"m1","text":"My flight is delayed AGAIN. Worst service ever","lang":"en"}`,
		`{"id":"m2","text":"Che schifo di servizio, non lo consiglio","lang":"it"}`,
		`{"id":"m3","text":"Das ist wirklich toll","lang":"de"}`,
		`{"id":"bad" "text"}`,
		`{"id":"notext"}`,
		"not bad at all",
	}, "\n") + "\n"
	var out, errw bytes.Buffer
	env := func(string) string { return "" }
	err := run(context.Background(), []string{"score", "--model", "auto"}, env, strings.NewReader(in), &out, &errw)
	if err == nil || !strings.Contains(err.Error(), "2 of 7 lines failed") {
		t.Errorf("err = %v, want 2 of 7 lines failed", err)
	}
	for _, want := range []string{"line 6: bad JSON", `line 7: JSON line without "text"`} {
		if !strings.Contains(errw.String(), want) {
			t.Errorf("stderr %q lacks %q", errw.String(), want)
		}
	}
	type line struct {
		ID          string            `json:"id"`
		Label       string            `json:"label"`
		Score       float64           `json:"score"`
		Confidence  float64           `json:"confidence"`
		Lang        string            `json:"lang"`
		Model       string            `json:"model"`
		Explain     []json.RawMessage `json:"explain"`
		Unsupported bool              `json:"unsupported"`
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if x.Explain == nil {
			t.Errorf("line %s has no explain array", x.ID)
		}
		got = append(got, x)
	}
	want := []struct{ id, label, lang, model string }{
		{"1", "positive", "en", "socialcrm-en-v1"},
		{"m1", "negative", "en", "socialcrm-en-v1"},
		{"m2", "negative", "it", "socialcrm-it-v1"},
		{"m3", "neutral", "de", "none:de"},
		{"8", "positive", "en", "socialcrm-en-v1"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Label != w.label || g.Lang != w.lang || g.Model != w.model {
			t.Errorf("line %d = %+v, want %+v", i, g, w)
		}
	}
	if !got[3].Unsupported || got[3].Confidence != 0 {
		t.Errorf("German line %+v, want unsupported with confidence 0", got[3])
	}
	if got[1].Score >= 0 || got[0].Score <= 0 {
		t.Errorf("scores %v / %v have the wrong sign", got[0].Score, got[1].Score)
	}
}

func TestScore_Vader(t *testing.T) {
	var out, errw bytes.Buffer
	env := func(string) string { return "" }
	if err := run(context.Background(), []string{"score", "--model", "vader"}, env, strings.NewReader("I hate mondays\n"), &out, &errw); err != nil {
		t.Fatalf("%v\n%s", err, errw.String())
	}
	if !strings.Contains(out.String(), `"label":"negative"`) || !strings.Contains(out.String(), `"model":"vader"`) {
		t.Errorf("output %s", out.String())
	}
	err := run(context.Background(), []string{"score", "--model", "nope"}, env, strings.NewReader(""), &out, &errw)
	if err == nil || !strings.Contains(err.Error(), "unknown model") {
		t.Errorf("unknown model: err = %v", err)
	}
}
