// Package lang detects the language of a mention's text, restricted to the
// languages in use so that short posts are not mistaken for rare ones.
package lang

import (
	"fmt"
	"strings"

	"github.com/abadojack/whatlanggo"

	"github.com/socialcrm/socialcrm"
)

// DefaultLanguages are the ISO 639-1 codes detected when none are
// configured.
var DefaultLanguages = []string{"en", "fr", "de", "es", "it", "pt", "nl"}

// DefaultMinConfidence is the confidence below which a detection is
// discarded and the language left empty.
const DefaultMinConfidence = 0.2

// Detector guesses languages among a fixed set. It is safe for concurrent
// use.
type Detector struct {
	opts    whatlanggo.Options
	minConf float64
}

// byCode maps ISO 639-1 codes to the library's languages.
var byCode = func() map[string]whatlanggo.Lang {
	m := map[string]whatlanggo.Lang{}
	for l := whatlanggo.Lang(0); whatlanggo.LangToString(l) != ""; l++ {
		if c := l.Iso6391(); c != "" {
			m[c] = l
		}
	}
	return m
}()

// New returns a detector for the given ISO 639-1 codes (DefaultLanguages
// when empty). minConf of 0 means DefaultMinConfidence.
func New(codes []string, minConf float64) (*Detector, error) {
	if len(codes) == 0 {
		codes = DefaultLanguages
	}
	if minConf <= 0 {
		minConf = DefaultMinConfidence
	}
	d := &Detector{opts: whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}, minConf: minConf}
	for _, c := range codes {
		l, ok := byCode[strings.ToLower(c)]
		if !ok {
			return nil, socialcrm.Invalidf("lang: unknown or unsupported language code %q", c)
		}
		d.opts.Whitelist[l] = true
	}
	return d, nil
}

// Detect returns the ISO 639-1 code of text's language and the
// confidence (0..1), or "" when no language is confident enough.
func (d *Detector) Detect(text string) (string, float64) {
	info := whatlanggo.DetectWithOptions(text, d.opts)
	if info.Confidence < d.minConf || !d.opts.Whitelist[info.Lang] {
		return "", info.Confidence
	}
	return info.Lang.Iso6391(), info.Confidence
}

// Fill sets m.Lang when the source did not declare one: the source's
// declared language wins. The confidence is kept in m.Extra as
// "lang_confidence" when detected.
func (d *Detector) Fill(m *socialcrm.Mention) {
	if m.Lang != "" || m.Text == "" {
		return
	}
	code, conf := d.Detect(m.Text)
	if code == "" {
		return
	}
	m.Lang = code
	if m.Extra == nil {
		m.Extra = socialcrm.RawFields{}
	}
	m.Extra["lang_confidence"] = []byte(fmt.Sprintf("%.2f", conf))
}
