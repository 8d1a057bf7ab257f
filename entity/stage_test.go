package entity_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/entity"
)

func TestSetTopics(t *testing.T) {
	m := &socialcrm.Mention{Text: "@acme the battery life is awful #fail"}
	if err := entity.SetTopics(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"battery life", "#fail"}, m.Topics); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
	del := &socialcrm.Mention{Text: "battery life", Deleted: true}
	if entity.SetTopics(context.Background(), del); del.Topics != nil {
		t.Errorf("deleted mention got topics %v", del.Topics)
	}
}

func TestPool_SubmitBatch(t *testing.T) {
	var r results
	p, _ := newPool(t, 1, 3, r.handle)
	var ms []*socialcrm.Mention
	for i := range 5 {
		ms = append(ms, &socialcrm.Mention{ID: fmt.Sprint("test:", i), Text: "Tim Cook visited London"})
	}
	// No worker runs yet, so exactly the queue's three are taken.
	if n := p.SubmitBatch(ms); n != 3 {
		t.Errorf("SubmitBatch accepted %d, want 3", n)
	}
	p.Close()
	if err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(r.got) != 3 {
		t.Errorf("handled %d mentions, want 3", len(r.got))
	}
}
