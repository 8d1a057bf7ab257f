package sentiment

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestModel_ScoreGolden(t *testing.T) {
	m := mustEnglish(t)
	var out strings.Builder
	for _, line := range readInputs(t, "score.txt") {
		s := m.Score(line, "en")
		fmt.Fprintf(&out, "%s\n  %s score=%.3f confidence=%.3f model=%s explain=%v\n",
			line, s.Label, s.Score, s.Confidence, s.Model, s.Explain)
	}
	golden(t, "score.golden", out.String())
}

func TestModel_ScoreContract(t *testing.T) {
	m := mustEnglish(t)
	for _, text := range []string{"", "   ", "!!!", "😀", strings.Repeat("word ", 5000), "\xff\xfe invalid utf8"} {
		s := m.Score(text, "en")
		if !socialcrm.ValidLabel(s.Label) || s.Score < -1 || s.Score > 1 || s.Confidence < 0 || s.Confidence > 1 {
			t.Errorf("Score(%.20q) = %+v, out of contract", text, s)
		}
	}
	pos, neg := m.Score("I love it, best day ever!", "en"), m.Score("I hate it, worst day ever", "en")
	if pos.Label != socialcrm.Positive || neg.Label != socialcrm.Negative || pos.Score <= neg.Score {
		t.Errorf("clear cases: %+v / %+v", pos, neg)
	}
	if len(pos.Explain) == 0 || pos.Explain[0].Weight <= 0 {
		t.Errorf("no explanation: %+v", pos.Explain)
	}
}

func TestReadModel(t *testing.T) {
	m := mustEnglish(t)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), englishModel) {
		t.Error("writing the loaded model does not give the embedded bytes")
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, b := range map[string][]byte{
			"empty":     nil,
			"magic":     []byte("NOTAMODEL123"),
			"truncated": englishModel[:len(englishModel)/2],
			"header":    append([]byte(modelMagic+"\x05\x00\x00\x00"), "{bad}"...),
		} {
			if _, err := ReadModel(bytes.NewReader(b)); err == nil {
				t.Errorf("%s: no error", name)
			}
		}
	})
}

func TestRouter(t *testing.T) {
	r, err := NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	text := "che bello, adoro questo posto"
	for _, tc := range []struct {
		lang, model string
		unsupported bool
	}{
		{"en", "socialcrm-en-v1", false},
		{"EN-us", "socialcrm-en-v1", false},
		{"", "socialcrm-en-v1", false},
		{"und", "socialcrm-en-v1", false},
		{"it", "socialcrm-it-v1", false},
		{"de", "none:de", true},
		{"ja", "none:ja", true},
	} {
		s := r.Score(text, tc.lang)
		if s.Model != tc.model || s.Unsupported != tc.unsupported {
			t.Errorf("lang %q: model %q unsupported %v, want %q %v", tc.lang, s.Model, s.Unsupported, tc.model, tc.unsupported)
		}
		if tc.unsupported && (s.Label != socialcrm.Neutral || s.Confidence != 0) {
			t.Errorf("lang %q: %+v, want neutral with confidence 0", tc.lang, s)
		}
	}
	if s := r.Score(text, "it"); s.Label != socialcrm.Positive {
		t.Errorf("Italian praise scored %+v", s)
	}
}

func TestVader(t *testing.T) {
	v := NewVader()
	for text, want := range map[string]string{
		"I love this, it is great!":      socialcrm.Positive,
		"This is terrible and I hate it": socialcrm.Negative,
		"The meeting is at 3pm.":         socialcrm.Neutral,
	} {
		if s := v.Score(text, "en"); s.Label != want || s.Model != "vader" {
			t.Errorf("%q: %+v, want %s", text, s, want)
		}
	}
}

func TestByName(t *testing.T) {
	for _, n := range ModelNames {
		if _, err := ByName(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if _, err := ByName("gpt"); err == nil {
		t.Error("unknown model: no error")
	}
}
