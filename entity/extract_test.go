package entity_test

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/entity"
)

// extractor is loaded once for all tests: loading prose's model is the
// expensive part the package exists to do only once.
var extractor = sync.OnceValue(func() *entity.Extractor { return entity.NewExtractor(entity.DefaultKnown) })

func loadTexts(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/mentions.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func has(ents []socialcrm.Entity, text, typ string) bool {
	for _, e := range ents {
		if e.Text == text && e.Type == typ {
			return true
		}
	}
	return false
}

func TestExtractor_Extract(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "text/TYPE"
		notText    []string
	}{
		{"PersonProductPlaces", "Tim Cook says the iPhone 16 will ship in London and Paris next week",
			[]string{"Tim Cook/PERSON", "iPhone 16/PRODUCT", "London/GPE", "Paris/GPE"}, nil},
		{"KnownOrgOverridesModel", "Elon Musk announced that Tesla will open a factory in Berlin, Germany",
			[]string{"Elon Musk/PERSON", "Tesla/ORG", "Berlin/GPE", "Germany/GPE"}, nil},
		{"OrgThenProduct", "love my new Apple Watch, the battery lasts forever",
			[]string{"Apple Watch/PRODUCT", "Apple/ORG"}, nil},
		{"ModelCode", "@SamsungMobile the camera on the Galaxy S24 Ultra is unreal at night",
			[]string{"Galaxy S24 Ultra/PRODUCT"}, []string{"SamsungMobile"}},
		{"OrgSuffix", "Just landed at Heathrow with British Airways, the crew were great",
			[]string{"British Airways/ORG"}, []string{"British Airways the"}},
		{"HandlesAndLinksDropped", "switching from Verizon to T-Mobile #5G https://t.co/xyz @someone",
			[]string{"Verizon/ORG", "T-Mobile/ORG"}, []string{"https://t.co/xyz", "@someone"}},
		{"FlightNumberIsNoProduct", "@united flight UA1742 delayed at Newark",
			[]string{"Newark/GPE"}, []string{"UA1742"}},
		{"LowerCaseBrandWordsAreWords", "my target today: finish the report. delta between plans is small",
			nil, []string{"target", "delta"}},
		{"Empty", "", nil, nil},
		{"OnlyHandles", "@a @b https://x.y", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractor().Extract(tt.text)
			for _, w := range tt.want {
				i := strings.LastIndex(w, "/")
				if !has(got, w[:i], w[i+1:]) {
					t.Errorf("Extract(%q) = %v, missing %v", tt.text, got, w)
				}
			}
			for _, e := range got {
				for _, bad := range tt.notText {
					if strings.EqualFold(e.Text, bad) {
						t.Errorf("Extract(%q) = %v, should not hold %q", tt.text, got, bad)
					}
				}
			}
			if tt.want == nil && tt.notText == nil && got != nil {
				t.Errorf("Extract(%q) = %v, want nil", tt.text, got)
			}
		})
	}
}

func TestExtractor_ExtractDedupes(t *testing.T) {
	got := extractor().Extract("Tesla is great. I love Tesla. TESLA forever, Tesla!")
	n := 0
	for _, e := range got {
		if strings.EqualFold(e.Text, "tesla") && e.Type == entity.TypeOrg {
			n++
		}
	}
	if n != 1 {
		t.Errorf("Extract gave %v, want Tesla/ORG exactly once", got)
	}
}

func TestExtractor_CustomKnown(t *testing.T) {
	ex := entity.NewExtractor(map[string]string{"Acme Rocket": entity.TypeProduct, "Acme": entity.TypeOrg})
	got := ex.Extract("my Acme Rocket arrived broken, Acme please help")
	if !has(got, "Acme Rocket", entity.TypeProduct) || !has(got, "Acme", entity.TypeOrg) {
		t.Errorf("Extract = %v, want Acme Rocket/PRODUCT and Acme/ORG", got)
	}
}

func BenchmarkExtractor_Extract(b *testing.B) {
	texts, ex := loadTexts(b), extractor()
	for b.Loop() {
		for _, s := range texts {
			ex.Extract(s)
		}
	}
	n := float64(b.N * len(texts))
	b.ReportMetric(n/b.Elapsed().Seconds(), "texts/s")
	b.ReportMetric(b.Elapsed().Seconds()*1000/n, "ms/text")
}

func BenchmarkNewExtractor(b *testing.B) {
	for b.Loop() {
		entity.NewExtractor(entity.DefaultKnown)
	}
}
