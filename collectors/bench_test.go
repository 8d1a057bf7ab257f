package collectors

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/collectors/rules"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
)

// synthMentions returns n synthetic mentions without their brand, for the
// rules to find.
func synthMentions(n int) []*socialcrm.Mention {
	g := synthetic.NewGenerator(7)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	ms := make([]*socialcrm.Mention, n)
	for i := range ms {
		m := g.Next(at.Add(time.Duration(i) * time.Second))
		m.Brand, m.Rule, m.Lang = "", "", ""
		ms[i] = m
	}
	return ms
}

func brandRules(b testing.TB) *rules.Set {
	var rs []rules.Rule
	for _, name := range synthetic.Brands() {
		rs = append(rs, rules.Rule{Brand: name, Query: name + ` OR @` + name + ` OR #` + name + ` -"we are hiring"`})
	}
	set, err := rules.Compile(rs)
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkFilter measures language detection, rule matching and
// duplicate detection together, per mention.
func BenchmarkFilter(b *testing.B) {
	ms := synthMentions(5000)
	set := brandRules(b)
	det, err := lang.New(nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	matched := 0
	for b.Loop() {
		f := &Filter{Rules: set, Lang: det, Seen: NewSeen(2 * len(ms))}
		emit := f.Wrap(func(context.Context, *socialcrm.Mention) error { matched++; return nil })
		for _, m := range ms {
			c := *m
			c.Lang = ""
			if err := emit(ctx, &c); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "mentions/s")
	b.ReportMetric(float64(matched)/float64(b.N*len(ms)), "matched/mention")
}

// BenchmarkRules measures rule matching alone (four brands).
func BenchmarkRules(b *testing.B) {
	ms := synthMentions(5000)
	set := brandRules(b)
	for b.Loop() {
		for _, m := range ms {
			set.Match(m)
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "mentions/s")
}
