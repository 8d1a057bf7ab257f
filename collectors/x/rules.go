package x

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

// TagPrefix marks the stream rules this collector manages; rules with other
// tags are left alone.
const TagPrefix = "socialcrm:"

// StreamRule is a rule of the filtered stream.
type StreamRule struct {
	ID    collectors.FlexID `json:"id,omitempty"` // a string, though some responses send a number
	Value string            `json:"value"`
	Tag   string            `json:"tag,omitempty"`
}

// Translate turns a tracking query into X rule syntax: juxtaposition for
// AND, OR, "-" for NOT, quotes, #, @, lang: and from: for author:. A
// source: field is dropped when it names x; ok is false when the query is
// meant for another source or uses a handle X cannot have.
func Translate(q *rules.Query) (value string, ok bool) {
	var b strings.Builder
	ok = write(&b, q.Root(), false)
	return b.String(), ok
}

func write(b *strings.Builder, n rules.Node, nested bool) bool {
	switch n := n.(type) {
	case rules.And:
		return list(b, n, " ", nested)
	case rules.Or:
		return list(b, n, " OR ", nested)
	case rules.Not:
		b.WriteString("-")
		return write(b, n.X, true)
	case rules.Handle:
		if strings.ContainsAny(string(n), "@.") {
			return false // a fediverse handle
		}
	case rules.Field:
		switch n.Name {
		case "source":
			return n.Value == Source
		case "author":
			b.WriteString("from:" + n.Value)
			return true
		}
	}
	b.WriteString(n.String())
	return true
}

func list(b *strings.Builder, xs []rules.Node, sep string, nested bool) bool {
	var parts []string
	for _, x := range xs {
		if f, isField := x.(rules.Field); isField && f.Name == "source" {
			if f.Value != Source {
				return false
			}
			continue
		}
		var sb strings.Builder
		if !write(&sb, x, true) {
			return false
		}
		parts = append(parts, sb.String())
	}
	if nested && len(parts) > 1 {
		b.WriteString("(")
		defer b.WriteString(")")
	}
	b.WriteString(strings.Join(parts, sep))
	return true
}

// desired returns the stream rules for a rule set, tagged
// "socialcrm:<brand>/<rule>".
func desired(set *rules.Set) []StreamRule {
	rs, qs := set.Rules()
	var out []StreamRule
	for i, r := range rs {
		if v, ok := Translate(qs[i]); ok && v != "" {
			out = append(out, StreamRule{Value: v, Tag: TagPrefix + r.Brand + "/" + r.Name})
		}
	}
	return out
}

// brandRule splits a managed tag into brand and rule.
func brandRule(tag string) (brand, rule string, ok bool) {
	rest, found := strings.CutPrefix(tag, TagPrefix)
	if !found {
		return "", "", false
	}
	brand, rule, _ = strings.Cut(rest, "/")
	return brand, rule, brand != ""
}

// syncRules makes the stream's managed rules equal the tracking rules:
// rules no longer wanted are deleted, missing ones added.
func (c *Collector) syncRules(ctx context.Context) error {
	var cur struct {
		Data []StreamRule `json:"data"`
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+"/2/tweets/search/stream/rules", nil)
	c.authorize(req)
	if _, err := collectors.GetJSON(ctx, c.deps.Client(), req, "x: list rules", &cur); err != nil {
		return err
	}
	want := map[StreamRule]bool{}
	for _, r := range desired(c.cfg.Rules) {
		want[r] = true
	}
	var del []string
	for _, r := range cur.Data {
		key := StreamRule{Value: r.Value, Tag: r.Tag}
		switch {
		case want[key]:
			delete(want, key)
		case strings.HasPrefix(r.Tag, TagPrefix):
			del = append(del, string(r.ID))
		}
	}
	if len(del) > 0 {
		if err := c.postRules(ctx, map[string]any{"delete": map[string]any{"ids": del}}); err != nil {
			return err
		}
	}
	var add []StreamRule
	for _, r := range desired(c.cfg.Rules) {
		if want[r] {
			add = append(add, r)
		}
	}
	if len(add) > 0 {
		return c.postRules(ctx, map[string]any{"add": add})
	}
	return nil
}

func (c *Collector) postRules(ctx context.Context, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("x: rules: %w", err)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+"/2/tweets/search/stream/rules", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	c.authorize(req)
	var resp struct {
		Errors []struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
			Value  string `json:"value"`
		} `json:"errors"`
	}
	if _, err := collectors.GetJSON(ctx, c.deps.Client(), req, "x: update rules", &resp); err != nil {
		return err
	}
	for _, e := range resp.Errors {
		c.deps.Log(Source).Error("stream rule rejected", "value", e.Value, "title", e.Title, "detail", e.Detail)
	}
	return nil
}
