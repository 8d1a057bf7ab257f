package entity

import (
	"strings"

	"github.com/jdkato/prose/v2"
)

// DefaultKnown names well-known consumer brands as organisations. prose's
// news-trained model often takes them for people or places ("Tesla",
// "Verizon"); cmd adds the tracked brands and their products on top.
var DefaultKnown = map[string]string{}

func init() {
	for _, name := range strings.Split(defaultOrgs, ",") {
		if name = strings.TrimSpace(name); name != "" {
			DefaultKnown[name] = TypeOrg
		}
	}
}

const defaultOrgs = `Adobe, Airbnb, Alaska Airlines, Amazon, American Airlines, Apple, AT&T, Audi, BMW,
Best Buy, British Airways, BT, Canva, Chase, Coca-Cola, Comcast, Costco, Delta, DHL, Disney, DoorDash,
Dropbox, Duolingo, easyJet, eBay, Emirates, Etsy, Expedia, Facebook, FedEx, Figma, Fitbit, Ford, Garmin,
GitHub, GitLab, Google, Hilton, Home Depot, Honda, Hulu, IKEA, Instagram, Intel, JetBlue, KLM, Lidl,
LinkedIn, Lufthansa, Lyft, Marriott, McDonald's, McDonalds, Meta, Microsoft, Netflix, Nike, Nintendo,
Notion, Nvidia, OpenAI, Oracle, PayPal, Pepsi, Qantas, Reddit, Ryanair, Salesforce, Samsung, Shopify,
Slack, Sony, Southwest, Southwest Airlines, Spectrum, Spotify, Starbucks, Stripe, Target, Tesco, Tesla,
TikTok, T-Mobile, Toyota, Uber, United, United Airlines, UPS, USPS, Verizon, Virgin Atlantic,
Virgin Media, Vodafone, Walmart, Wise, Xfinity, YouTube, Zara, Zoom`

// gazetteer matches known names on prose tokens, case-insensitively,
// longest name first.
type gazetteer struct {
	names    map[string]string // lower-case words joined by one space → type
	maxWords int
}

func newGazetteer(known map[string]string) *gazetteer {
	g := &gazetteer{names: make(map[string]string, len(known))}
	for name, typ := range known {
		words := strings.Fields(strings.ToLower(name))
		if len(words) == 0 || typ == "" {
			continue
		}
		g.names[strings.Join(words, " ")] = typ
		g.maxWords = max(g.maxWords, len(words))
	}
	return g
}

// spansFree returns the known names found in toks that do not overlap
// taken.
func (g *gazetteer) spansFree(toks []prose.Token, taken []span) []span {
	var out []span
	for _, s := range g.spans(toks) {
		if !overlaps(s, taken) {
			out = append(out, s)
		}
	}
	return out
}

// spans returns the known names found in toks, without overlap.
func (g *gazetteer) spans(toks []prose.Token) []span {
	var out []span
	var b strings.Builder
	for i := 0; i < len(toks); {
		matched := 0
		for n := min(g.maxWords, len(toks)-i); n > 0 && matched == 0; n-- {
			b.Reset()
			for j := i; j < i+n; j++ {
				if j > i {
					b.WriteByte(' ')
				}
				b.WriteString(strings.ToLower(toks[j].Text))
			}
			if typ, ok := g.names[b.String()]; ok && startsUpperOrMixed(toks[i].Text) {
				out = append(out, span{i, i + n, typ})
				matched = n
			}
		}
		i += max(matched, 1)
	}
	return out
}

// startsUpperOrMixed keeps common words that are also brand names ("target",
// "delta", "chase", "notion") from matching in lower case, while "eBay" and
// "iPhone"-style names still do.
func startsUpperOrMixed(w string) bool {
	for _, r := range w {
		if r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}
