package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// scoreLine is one output line of score.
type scoreLine struct {
	ID          string            `json:"id"`
	Label       string            `json:"label"`
	Score       float64           `json:"score"`
	Confidence  float64           `json:"confidence"`
	Lang        string            `json:"lang"`
	LangFrom    string            `json:"lang_from"`
	Model       string            `json:"model"`
	Explain     []json.RawMessage `json:"explain"`
	Unsupported bool              `json:"unsupported"`
	Error       string            `json:"error"`
}

// runScore runs score with args on in and returns its output lines.
func runScore(t *testing.T, in string, args ...string) ([]scoreLine, string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	env := func(string) string { return "" }
	err := run(context.Background(), append([]string{"score"}, args...), env, strings.NewReader(in), &out, &errw)
	var got []scoreLine
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if l == "" && out.Len() == 0 {
			break
		}
		var x scoreLine
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if x.Error == "" && x.Explain == nil {
			t.Errorf("line %s has no explain array", x.ID)
		}
		got = append(got, x)
	}
	return got, errw.String(), err
}

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
		`{"id":17,"text":"Il servizio clienti è stato davvero pessimo, non comprerò mai più niente da loro"}`,
		`{"id":2.5e3,"text":"Le service client était vraiment horrible, je ne commanderai plus jamais chez eux"}`,
		`{"id":["x"],"text":"hi"}`,
		`{"id":"m4","text":42}`,
	}, "\n") + "\n"
	got, stderr, err := runScore(t, in, "--model", "auto")
	if err == nil || !strings.Contains(err.Error(), "2 of 12 lines failed") {
		t.Errorf("err = %v, want 2 of 12 lines failed", err)
	}
	for _, want := range []string{"line 11: id [\"x\"]: want a string or a number", "line 12: bad JSON"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	want := []struct{ id, label, lang, from, model, err string }{
		{"1", "positive", "en", "detected", "socialcrm-en-v1", ""},
		{"2", "", "", "", "", "empty line"},
		{"m1", "negative", "en", "declared", "socialcrm-en-v1", ""},
		{"m2", "negative", "it", "declared", "socialcrm-it-v1", ""},
		{"m3", "neutral", "de", "declared", "none:de", ""},
		{"6", "", "", "", "", ""}, // not JSON: scored as text
		{"7", "", "", "", "", ""}, // an object without "text": scored as text
		{"8", "positive", "en", "detected", "socialcrm-en-v1", ""},
		{"17", "negative", "it", "detected", "socialcrm-it-v1", ""},
		{"2.5e3", "neutral", "fr", "detected", "none:fr", ""},
		{"11", "", "", "", "", "want a string or a number"},
		{"m4", "", "", "", "", "bad JSON"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d output lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || w.label != "" && (g.Label != w.label || g.Lang != w.lang || g.LangFrom != w.from || g.Model != w.model) ||
			!strings.Contains(g.Error, w.err) || w.err != "" && g.Label != "" {
			t.Errorf("line %d = %+v, want %+v", i+1, g, w)
		}
	}
	if got[5].Label == "" || got[6].Label == "" {
		t.Errorf("lines that are not JSON objects with a text were not scored as text: %+v %+v", got[5], got[6])
	}
	if !got[4].Unsupported || got[4].Confidence != 0 || !got[9].Unsupported {
		t.Errorf("German and French lines %+v %+v, want unsupported with confidence 0", got[4], got[9])
	}
	if got[2].Score >= 0 || got[0].Score <= 0 {
		t.Errorf("scores %v / %v have the wrong sign", got[0].Score, got[2].Score)
	}
}

// TestScore_Formats: text lines that start with a brace are text in auto,
// jsonl refuses them line by line, and text takes JSON as text.
func TestScore_Formats(t *testing.T) {
	in := "{New Post} great phone\n[Update] battery died again\n"
	got, _, err := runScore(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Label != "positive" || got[1].Label != "negative" || got[0].ID != "1" || got[1].ID != "2" {
		t.Errorf("auto: %+v, want 1 positive and 2 negative", got)
	}
	got, _, err = runScore(t, in, "--format", "jsonl")
	if err == nil || len(got) != 2 || got[0].Error == "" || got[1].Error == "" {
		t.Errorf("jsonl: err %v, lines %+v, want two error lines", err, got)
	}
	got, _, err = runScore(t, `{"id":"a","text":"awful"}`+"\n", "--format", "text")
	if err != nil || len(got) != 1 || got[0].ID != "1" {
		t.Errorf("text: err %v, lines %+v, want line 1 scored as text", err, got)
	}
	if _, _, err := runScore(t, "", "--format", "xml"); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("--format xml: err = %v", err)
	}
	got, _, err = runScore(t, `{"text":"👍👍","brand":"pizzeria"}`+"\n👍\n", "--lang-defaults", "pizzeria=it,fallback=en")
	if err != nil || len(got) != 2 || got[0].Lang != "it" || got[0].LangFrom != "brand" || got[1].Lang != "en" || got[1].LangFrom != "fallback" {
		t.Errorf("undetectable texts: err %v, %+v, want the brand's language then the fallback", err, got)
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
