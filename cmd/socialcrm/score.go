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
	"strconv"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
)

// scoreIn is one JSONL input line of "socialcrm score".
type scoreIn struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Lang   string          `json:"lang"`
	Brand  string          `json:"brand"`
	Source string          `json:"source"`
}

// scoreOut is one scored output line.
type scoreOut struct {
	ID          string                  `json:"id"`
	Label       string                  `json:"label"`
	Score       float64                 `json:"score"`
	Confidence  float64                 `json:"confidence"`
	Lang        string                  `json:"lang"`
	LangFrom    string                  `json:"lang_from"` // declared, detected, brand, source, fallback or model
	Model       string                  `json:"model"`
	Explain     []socialcrm.TokenWeight `json:"explain"`
	Unsupported bool                    `json:"unsupported,omitempty"`
}

// scoreErr is the output line of a bad input line.
type scoreErr struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// scoreFormats are the values of score --format.
var scoreFormats = []string{"auto", "text", "jsonl"}

func cmdScore(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("score", "score [--model auto|en|it|vader] [--format auto|text|jsonl] < texts", io)
	model := fs.String("model", "SOCIALCRM_MODEL", "auto",
		"auto (by language, detected when a line declares none), en, it, or vader (lexicon baseline)")
	format := fs.String("format", "", "auto",
		"input lines: text, jsonl ({\"id\",\"text\",\"lang\",\"brand\",\"source\"}) or auto (JSON when a line is an object with a text field)")
	var lc langConfig
	lc.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *format != "auto" && *format != "text" && *format != "jsonl" {
		return fmt.Errorf("score: --format %q: want one of %v", *format, scoreFormats)
	}
	s, err := sentiment.ByName(*model)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	l, err := lc.language()
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	sl := scorer{s: s, model: *model, lang: l, format: *format}
	return sl.lines(ctx, io)
}

// scorer scores the lines of "socialcrm score".
type scorer struct {
	s      sentiment.Scorer
	model  string
	lang   *pipeline.Language
	format string
}

// lines scores stdin line by line and writes exactly one output line per
// input line, in order: a bad line gives an error line in its place (and on
// stderr), and the error at the end counts them. A blank line gives an
// error line but does not fail the run.
func (sl scorer) lines(ctx context.Context, io stdio) error {
	r := bufio.NewReaderSize(io.in, 64*1024)
	w := bufio.NewWriter(io.out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	failed, n := 0, 0
	for ln := 1; ; ln++ {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 || err == nil {
			n++
			line = bytes.TrimSpace(line)
			var v any
			out, e := sl.line(ln, line)
			v = out
			if e != nil {
				v = scoreErr{ID: out.ID, Error: e.Error()}
				if len(line) > 0 {
					failed++
					fmt.Fprintf(io.err, "score: line %d: %v\n", ln, e)
				}
			}
			if err := enc.Encode(v); err != nil {
				return fmt.Errorf("score: write line %d: %w", ln, err)
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

// line scores one input line; on error the returned out still names the
// line's id.
func (sl scorer) line(ln int, line []byte) (scoreOut, error) {
	if len(line) == 0 {
		return scoreOut{ID: strconv.Itoa(ln)}, errors.New("empty line")
	}
	in, err := sl.parse(line)
	id := strconv.Itoa(ln)
	if len(in.ID) > 0 {
		if v, ierr := lineID(in.ID); ierr != nil {
			err = errors.Join(err, ierr)
		} else if v != "" {
			id = v
		}
	}
	if err != nil {
		return scoreOut{ID: id}, err
	}
	if *in.Text == "" {
		return scoreOut{ID: id}, errors.New("empty text")
	}
	lang, from := sentiment.NormalizeLang(in.Lang), "declared"
	switch {
	case lang != "":
	case sl.model == "auto" || sl.model == "":
		lang, _, from = sl.lang.Decide(*in.Text, in.Brand, in.Source)
	case sl.model == "it":
		lang, from = "it", "model"
	default:
		lang, from = "en", "model"
	}
	r := sl.s.Score(*in.Text, lang)
	out := scoreOut{ID: id, Label: r.Label, Score: round4(r.Score), Confidence: round4(r.Confidence),
		Lang: lang, LangFrom: from, Model: r.Model, Explain: r.Explain, Unsupported: r.Unsupported}
	if out.Explain == nil {
		out.Explain = []socialcrm.TokenWeight{}
	}
	return out, nil
}

// parse reads a line by the format: in auto, a line is JSON only when it
// is an object with a "text" field, else it is text.
func (sl scorer) parse(line []byte) (scoreIn, error) {
	text := func() (scoreIn, error) {
		t := string(line)
		return scoreIn{Text: &t}, nil
	}
	if sl.format == "text" {
		return text()
	}
	var probe map[string]json.RawMessage
	isObj := json.Unmarshal(line, &probe) == nil && probe != nil
	if _, ok := probe["text"]; sl.format == "auto" && (!isObj || !ok) {
		return text()
	}
	if !isObj {
		return scoreIn{}, errors.New("not a JSON object")
	}
	var in scoreIn
	id := probe["id"]
	delete(probe, "id") // read apart: a string or a number
	b, _ := json.Marshal(probe)
	if err := json.Unmarshal(b, &in); err != nil {
		return scoreIn{ID: id}, fmt.Errorf("bad JSON: %w", err)
	}
	in.ID = id
	if in.Text == nil {
		return in, errors.New(`JSON line without "text"`)
	}
	return in, nil
}

// lineID reads a JSON id: a string or a number; null gives "".
func lineID(raw json.RawMessage) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("bad id: %w", err)
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("id %s: want a string or a number", raw)
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
