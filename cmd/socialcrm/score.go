package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/sentiment"
)

// scoreIn is one JSONL input line of "socialcrm score".
type scoreIn struct {
	ID   string  `json:"id"`
	Text *string `json:"text"`
	Lang string  `json:"lang"`
}

// scoreOut is one output line.
type scoreOut struct {
	ID          string                  `json:"id"`
	Label       string                  `json:"label"`
	Score       float64                 `json:"score"`
	Confidence  float64                 `json:"confidence"`
	Lang        string                  `json:"lang"`
	Model       string                  `json:"model"`
	Explain     []socialcrm.TokenWeight `json:"explain"`
	Unsupported bool                    `json:"unsupported,omitempty"`
}

func cmdScore(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("score", "score [--model auto|en|it|vader] < texts", io)
	model := fs.String("model", "SOCIALCRM_MODEL", "auto",
		"auto (by language: en, it; none given means en), en, it, or vader (lexicon baseline)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	s, err := sentiment.ByName(*model)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	return scoreLines(ctx, s, *model, io)
}

// scoreLines scores stdin line by line: plain text (id = line number) or a
// JSON object {"id","text","lang"}. A bad line is reported on stderr and
// skipped; the error at the end counts them.
func scoreLines(ctx context.Context, s sentiment.Scorer, model string, io stdio) error {
	r := bufio.NewReaderSize(io.in, 64*1024)
	w := bufio.NewWriter(io.out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	failed, n := 0, 0
	for ln := 1; ; ln++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 { // blank lines are skipped
			n++
			if e := scoreLine(s, model, ln, bytes.TrimSpace(line), enc); e != nil {
				failed++
				fmt.Fprintf(io.err, "score: line %d: %v\n", ln, e)
			}
		}
		if errors.Is(err, errEOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("score: read line %d: %w", ln, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if failed > 0 {
		return fmt.Errorf("score: %d of %d lines failed", failed, n)
	}
	return nil
}

// errEOF is io.EOF (the stdio parameter hides package io).
var errEOF = io.EOF

func scoreLine(s sentiment.Scorer, model string, ln int, line []byte, enc *json.Encoder) error {
	in := scoreIn{ID: fmt.Sprint(ln)}
	if line[0] == '{' {
		in.ID = ""
		if err := json.Unmarshal(line, &in); err != nil {
			return fmt.Errorf("bad JSON: %w", err)
		}
		if in.Text == nil {
			return errors.New(`JSON line without "text"`)
		}
		if in.ID == "" {
			in.ID = fmt.Sprint(ln)
		}
	} else {
		t := string(line)
		in.Text = &t
	}
	lang := sentiment.NormalizeLang(in.Lang)
	if lang == "" && model != "it" {
		lang = "en"
	} else if lang == "" {
		lang = "it"
	}
	r := s.Score(*in.Text, lang)
	out := scoreOut{ID: in.ID, Label: r.Label, Score: round4(r.Score), Confidence: round4(r.Confidence),
		Lang: lang, Model: r.Model, Explain: r.Explain, Unsupported: r.Unsupported}
	if out.Explain == nil {
		out.Explain = []socialcrm.TokenWeight{}
	}
	return enc.Encode(out)
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
