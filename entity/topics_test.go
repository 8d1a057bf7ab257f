package entity_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/socialcrm/socialcrm/entity"
)

func TestTopics(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Empty", "", nil},
		{"Hashtags", "Love it #BlackFriday #black_friday #5G", []string{"#blackfriday", "#black_friday", "#5g"}},
		{"KeyPhrase", "@acme the battery life on this phone is awful", []string{"battery life"}},
		{"RunOfThree", "customer service team was rude", []string{"customer service team"}},
		{"LongRunPairs", "microsoft teams update broke screen sharing", []string{"microsoft teams", "update broke", "screen sharing"}},
		{"LongRunOddTail", "pumpkin spice latte foam art", []string{"pumpkin spice", "latte foam art"}},
		{"StopwordsBreak", "I want to buy the phone and the case", nil},
		{"PunctuationBreaks", "great phone. battery dies fast", []string{"battery dies fast"}},
		{"NumbersBreak", "flight 1742 delayed", nil},
		{"HandlesAndLinksSkipped", "@acme_support https://t.co/x screen protector", []string{"screen protector"}},
		{"LinkDoesNotJoin", "screen https://t.co/x protector", nil},
		{"Apostrophe", "it's the customer's fault", []string{"customers fault"}},
		{"Hyphen", "T-Mobile coverage map", []string{"t-mobile coverage map"}},
		{"Dedupe", "Battery life. battery life! #Battery #battery", []string{"battery life", "#battery"}},
		{"Unicode", "Kundenservice Qualität schlecht", []string{"kundenservice qualität schlecht"}},
		{"Emoji", "screen 🔥 protector", nil},
		{"LongWordDropped", strings.Repeat("a", 60) + " screen protector", []string{"screen protector"}},
		{"LoneHash", "# fail", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, entity.Topics(tt.text)); diff != "" {
				t.Errorf("Topics(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestTopics_Max(t *testing.T) {
	text := strings.Repeat("#a1 #b2 #c3 #d4 #e5 #f6 #g7 #h8 #i9 #j10 ", 3)
	if got := entity.Topics(text); len(got) != entity.MaxTopics {
		t.Errorf("got %d topics, want %d: %v", len(got), entity.MaxTopics, got)
	}
}

func BenchmarkTopics(b *testing.B) {
	texts := loadTexts(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			entity.Topics(s)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "texts/s")
}
