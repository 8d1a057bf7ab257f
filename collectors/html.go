package collectors

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText turns an HTML fragment (a Mastodon status, an RSS description)
// into plain text: tags removed, entities decoded, paragraphs and line
// breaks kept as newlines, whitespace collapsed within lines.
func HTMLText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tidy(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4":
				b.WriteByte('\n')
			case "script", "style":
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "div", "li", "blockquote":
				b.WriteByte('\n')
			case "script", "style":
				skip = max(skip-1, 0)
			}
		}
	}
}

func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
