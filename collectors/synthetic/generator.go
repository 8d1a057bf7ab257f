// Package synthetic generates realistic brand mentions for the demo and
// the benchmarks: a few fictional brands, a few hundred authors on several
// networks (some of them CRM contacts), varied sentiment, replies, quotes,
// shares and likes between authors, and now and then a burst of complaints.
package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Networks the synthetic authors live on.
var Networks = []string{"mastodon", "bluesky", "x", "reddit"}

var hosts = map[string]string{
	"mastodon": "example.social", "bluesky": "bsky.example", "x": "x.example", "reddit": "reddit.example",
}

// Person is a synthetic author on one network.
type Person struct {
	Network string
	socialcrm.Author
}

// Generator makes mentions. It is deterministic for a seed and not safe for
// concurrent use.
type Generator struct {
	rng     *rand.Rand
	people  []Person
	weights []float64 // cumulative activity weights of people
	// crisis are the cumulative weights during a complaint burst, when
	// customers are as loud as anyone
	crisis  []float64
	base    int64 // first native id
	seq     int64
	recent  [256]*socialcrm.Mention
	nrecent int
	burst   *burst
}

type burst struct {
	brand, theme string
	from         time.Time
	until        time.Time
}

// NumPeople is the number of synthetic authors.
const NumPeople = 400

// CustomerEvery makes every CustomerEvery-th author, from the first, a
// business customer: the demo makes CRM contacts of them. Customers post
// customerActivity times as often as others and complain less
// (customerNegative of their posts rather than three in ten), so that
// complaints by VIP contacts stay rare next to the crowd's; a complaint
// burst hits them like anyone.
const CustomerEvery = 10

const (
	customerActivity = 0.25
	customerNegative = 0.04
)

var firstNames = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe"}

// NewGenerator returns a generator whose authors and texts follow seed.
func NewGenerator(seed int64) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), base: 100000 + seed%1000*1000000}
	total, crisis := 0.0, 0.0
	for i := range NumPeople {
		name := firstNames[i%len(firstNames)]
		handle, display := fmt.Sprintf("%s%d", name, i), displayName(name, i)
		if IsCustomer(i) {
			display, handle = customerName(i/CustomerEvery, i)
		}
		network := Networks[i%len(Networks)]
		// Heavy-tailed audiences and activity: a few loud, well-followed accounts.
		u := g.rng.Float64()
		followers := int(30 / math.Pow(1-u*0.999, 1.3))
		g.people = append(g.people, Person{Network: network, Author: socialcrm.Author{
			ID: strconv.Itoa(5000 + i), Handle: handle, Name: display, Followers: followers,
		}})
		w := 1 / math.Pow(float64(i%97+1), 0.8)
		crisis += w
		g.crisis = append(g.crisis, crisis)
		if IsCustomer(i) {
			w *= customerActivity
		}
		total += w
		g.weights = append(g.weights, total)
	}
	return g
}

func displayName(first string, i int) string {
	b := []byte(first)
	b[0] -= 'a' - 'A'
	return fmt.Sprintf("%s %c.", b, 'A'+rune(i*7%26))
}

// IsCustomer reports whether the i-th author is a business customer (see
// CustomerEvery).
func IsCustomer(i int) bool { return i%CustomerEvery == 0 }

// People returns the synthetic authors; the same for the same seed.
func (g *Generator) People() []Person { return g.people }

// SetBase sets the first native id, so that runs started at different
// times do not reuse ids.
func (g *Generator) SetBase(base int64) { g.base = base }

// StartBurst makes most mentions from from until until complaints about
// brand on theme. An empty theme picks one of the brand's crisis themes.
func (g *Generator) StartBurst(brandName, theme string, from, until time.Time) error {
	for _, b := range brands {
		if b.Name == brandName {
			if theme == "" {
				theme = b.Crises[g.rng.IntN(len(b.Crises))]
			}
			g.burst = &burst{brand: brandName, theme: theme, from: from, until: until}
			return nil
		}
	}
	return socialcrm.Invalidf("synthetic: unknown brand %q", brandName)
}

// Next returns a new mention created at now.
func (g *Generator) Next(now time.Time) *socialcrm.Mention {
	g.seq++
	inBurst := g.burst != nil && !now.Before(g.burst.from) && now.Before(g.burst.until) && g.rng.Float64() < 0.7
	weights := g.weights
	if inBurst {
		weights = g.crisis
	}
	i := g.pickPerson(weights)
	p := g.people[i]
	m := &socialcrm.Mention{
		V: socialcrm.SchemaVersion, Source: p.Network, Author: p.Author, Lang: "en",
		Kind: socialcrm.KindPost, CreatedAt: now.UTC(),
	}
	native := strconv.FormatInt(g.base+g.seq, 10)
	m.ID = p.Network + ":" + native
	m.URL = "https://" + hosts[p.Network] + "/@" + p.Handle + "/" + native
	b := brands[g.rng.IntN(len(brands))]
	if inBurst {
		b = brandByName(g.burst.brand)
		m.Brand, m.Text = b.Name, g.fill(crisisTemplates, b, g.burst.theme)
		g.remember(m)
		return m
	}
	m.Brand = b.Name
	neg := 0.30
	if IsCustomer(i) {
		neg = customerNegative
	}
	g.shape(m, b, neg)
	g.remember(m)
	return m
}

// shape picks the kind of interaction and writes the text, negative with
// probability neg.
func (g *Generator) shape(m *socialcrm.Mention, b brand, neg float64) {
	parent := g.pickRecent(b.Name)
	r := g.rng.Float64()
	switch {
	case parent != nil && r < 0.12:
		m.Kind, m.ParentID, m.Target = socialcrm.KindShare, parent.ID, parent.Author.Handle
		return
	case parent != nil && r < 0.22:
		m.Kind, m.ParentID, m.Target = socialcrm.KindLike, parent.ID, parent.Author.Handle
		return
	case parent != nil && r < 0.40:
		m.Kind, m.ParentID, m.Target = socialcrm.KindReply, parent.ID, parent.Author.Handle
	case parent != nil && r < 0.46:
		m.Kind, m.ParentID, m.Target = socialcrm.KindQuote, parent.ID, parent.Author.Handle
	case r < 0.50:
		m.Kind = socialcrm.KindMention
	}
	m.Text = g.sentence(b, neg)
	if m.Kind == socialcrm.KindReply {
		m.Text = "@" + m.Target + " " + m.Text
	}
	if m.Kind == socialcrm.KindMention {
		other := g.people[g.rng.IntN(len(g.people))]
		m.Text += " cc @" + other.Handle
	}
}

func (g *Generator) sentence(b brand, neg float64) string {
	r := g.rng.Float64()
	switch {
	case r < neg:
		return g.fill(negTemplates, b, "")
	case r < neg+0.35:
		return g.fill(posTemplates, b, "")
	default:
		return g.fill(neuTemplates, b, "")
	}
}

func (g *Generator) fill(templates []string, b brand, theme string) string {
	t := templates[g.rng.IntN(len(templates))]
	return fmt.Sprintf(t, b.Handle, pick(g.rng, b.Issues), pick(g.rng, b.Products), pick(g.rng, b.Praises), theme)
}

// pickPerson returns the index of an author, by the cumulative activity
// weights.
func (g *Generator) pickPerson(weights []float64) int {
	x := g.rng.Float64() * weights[len(weights)-1]
	lo, hi := 0, len(weights)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if weights[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func (g *Generator) remember(m *socialcrm.Mention) {
	if m.Kind == socialcrm.KindLike || m.Kind == socialcrm.KindShare {
		return
	}
	g.recent[g.nrecent%len(g.recent)] = m
	g.nrecent++
}

// pickRecent returns a recent mention about the brand to interact with.
func (g *Generator) pickRecent(brandName string) *socialcrm.Mention {
	n := min(g.nrecent, len(g.recent))
	for range 4 {
		if n == 0 {
			return nil
		}
		if m := g.recent[g.rng.IntN(n)]; m.Brand == brandName {
			return m
		}
	}
	return nil
}

func brandByName(name string) brand {
	for _, b := range brands {
		if b.Name == name {
			return b
		}
	}
	return brands[0]
}

func pick(rng *rand.Rand, xs []string) string { return xs[rng.IntN(len(xs))] }
