package main

import (
	"fmt"
	"strings"

	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/pipeline"
)

// langConfig is how mentions without a declared language get one.
type langConfig struct {
	Languages string // comma-separated ISO 639-1 codes the detector chooses among
	Defaults  string // NAME=LANG,source:NAME=LANG,fallback=LANG when it is unsure
}

// minLangConfidence is the detector confidence below which a mention gets
// its default language: on the shared validation tweets it leaves 1% of
// English and 2% of Italian texts in the wrong language (0.2 leaves 1.4%
// and 4.6%), and 3% and 14% to their defaults.
const minLangConfidence = 0.4

// defaultLangDefaults is the language of a text the detector is unsure of
// when no brand or source default applies.
const defaultLangDefaults = "fallback=en"

func (c *langConfig) bind(fs *flagSet) {
	fs.stringVar(&c.Languages, "languages", "SOCIALCRM_LANGUAGES", strings.Join(lang.DefaultLanguages, ","),
		"languages detected in mentions that declare none (English and Italian are scored, others marked unsupported)")
	fs.stringVar(&c.Defaults, "lang-defaults", "SOCIALCRM_LANG_DEFAULTS", defaultLangDefaults,
		"language of a mention the detector is unsure of, by brand, then source, then fallback, e.g. skyway=it,source:reddit=en,fallback=en")
}

// language builds the detector and defaults the pipeline and score use.
func (c *langConfig) language() (*pipeline.Language, error) {
	det, err := lang.New(splitList(c.Languages), minLangConfidence)
	if err != nil {
		return nil, fmt.Errorf("--languages: %w", err)
	}
	l := &pipeline.Language{Detector: det}
	if err := l.ParseLangDefaults(c.Defaults); err != nil {
		return nil, fmt.Errorf("--lang-defaults: %w", err)
	}
	return l, nil
}

// defaultLang is the language configuration of the flags' defaults, for
// commands without language flags.
func defaultLang() langConfig {
	return langConfig{Languages: strings.Join(lang.DefaultLanguages, ","), Defaults: defaultLangDefaults}
}
