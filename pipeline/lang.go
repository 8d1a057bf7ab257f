package pipeline

import (
	"fmt"
	"strings"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/sentiment"
)

// Language fills the language of mentions that arrive without one, before
// they are scored: the detector's guess among the configured languages
// when it is confident, else the default language of the mention's brand,
// then of its source, then Fallback. Where the language came from is kept
// in the mention's Extra as "lang_from" ("detected", "brand", "source" or
// "fallback"), the detector's confidence as "lang_confidence". It is safe
// for concurrent use once built.
type Language struct {
	Detector *lang.Detector
	Brand    map[string]string // brand → language when the detector is unsure
	Source   map[string]string // source → language when the detector is unsure
	Fallback string            // "" leaves the language empty (the scorer's default)
}

// ParseLangDefaults reads "brand=lang,source:NAME=lang,fallback=lang" into
// l's defaults, for example "skyway=en,source:reddit=en,fallback=en".
func (l *Language) ParseLangDefaults(s string) error {
	for _, kv := range strings.Split(s, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		code := sentiment.NormalizeLang(v)
		if !ok || strings.TrimSpace(k) == "" || code == "" {
			return socialcrm.Invalidf("pipeline: language default %q: want NAME=LANG, source:NAME=LANG or fallback=LANG", kv)
		}
		k = strings.TrimSpace(k)
		switch {
		case k == "fallback":
			l.Fallback = code
		case strings.HasPrefix(k, "source:"):
			if l.Source == nil {
				l.Source = map[string]string{}
			}
			l.Source[strings.TrimPrefix(k, "source:")] = code
		default:
			if l.Brand == nil {
				l.Brand = map[string]string{}
			}
			l.Brand[k] = code
		}
	}
	return nil
}

// Fill sets m.Lang when the mention has none ("", "und"); a declared
// language is kept, and a mention without text (a like, a follow) gets none.
func (l *Language) Fill(m *socialcrm.Mention) {
	if sentiment.NormalizeLang(m.Lang) != "" || strings.TrimSpace(m.Text) == "" {
		return
	}
	code, conf, from := l.Decide(m.Text, m.Brand, m.Source)
	m.Lang = code
	if m.Extra == nil {
		m.Extra = socialcrm.RawFields{}
	}
	m.Extra["lang_from"] = []byte(`"` + from + `"`)
	m.Extra["lang_confidence"] = []byte(fmt.Sprintf("%.2f", conf))
}

// Decide returns the language of a text without a declared one, the
// detector's confidence and where the language came from.
func (l *Language) Decide(text, brand, source string) (code string, conf float64, from string) {
	if l.Detector != nil {
		code, conf = l.Detector.Detect(text)
		if code != "" {
			return code, conf, "detected"
		}
	}
	if c := l.Brand[brand]; c != "" {
		return c, conf, "brand"
	}
	if c := l.Source[source]; c != "" {
		return c, conf, "source"
	}
	return l.Fallback, conf, "fallback"
}

// WithLanguage returns a Scorer that fills each mention's language with l
// before s scores it (through ScoreMention when s has it). Give it to
// Config.Scorer so that the stored and produced mention carries the
// language its sentiment was read in.
func WithLanguage(s Scorer, l *Language) Scorer {
	return langScorer{s: s, l: l}
}

type langScorer struct {
	s Scorer
	l *Language
}

func (ls langScorer) Score(text, lang string) socialcrm.Sentiment { return ls.s.Score(text, lang) }

func (ls langScorer) ScoreMention(m *socialcrm.Mention) socialcrm.Sentiment {
	ls.l.Fill(m)
	if ms, ok := ls.s.(MentionScorer); ok {
		return ms.ScoreMention(m)
	}
	return ls.s.Score(m.Text, m.Lang)
}
