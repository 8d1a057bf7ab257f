package entity_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/entity"
)

func TestTally_Top(t *testing.T) {
	tl := entity.NewTally(100)
	for _, text := range []string{
		"@acme battery life is short #fail",
		"@acme battery life again",
		"@acme customer service was slow #fail",
		"@acme battery life, customer service",
	} {
		tl.Add(&socialcrm.Mention{Brand: "acme", Text: text, Topics: entity.Topics(text)})
	}
	tl.Add(&socialcrm.Mention{Brand: "other", Topics: []string{"battery life"}})
	want := []entity.TopicCount{{Topic: "battery life", Count: 3}, {Topic: "#fail", Count: 2}}
	if diff := cmp.Diff(want, tl.Top("acme", 2)); diff != "" {
		t.Errorf("Top (-want +got):\n%s", diff)
	}
	if got := tl.Top("nobody", 5); len(got) != 0 {
		t.Errorf("Top of an unknown brand = %v", got)
	}
}

func TestTally_Bounded(t *testing.T) {
	tl := entity.NewTally(10)
	for i := range 1000 {
		tl.Add(&socialcrm.Mention{Brand: "acme", Topics: []string{"battery life", fmt.Sprint("one off ", i)}})
	}
	top := tl.Top("acme", 100)
	if len(top) > 10 {
		t.Errorf("kept %d topics, want at most 10", len(top))
	}
	if top[0] != (entity.TopicCount{Topic: "battery life", Count: 1000}) {
		t.Errorf("top topic = %v, want battery life seen 1000 times", top[0])
	}
}
