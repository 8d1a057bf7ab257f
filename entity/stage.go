package entity

import (
	"context"

	"github.com/socialcrm/socialcrm"
)

// SetTopics sets m.Topics from its text. Its signature makes it a pipeline
// stage (pipeline.StageFunc(entity.SetTopics)); it never fails.
func SetTopics(_ context.Context, m *socialcrm.Mention) error {
	if !m.Deleted {
		m.Topics = Topics(m.Text)
	}
	return nil
}

// SubmitBatch submits every mention of a stored batch and returns how many
// were accepted. Hand it the batches after they are stored (the pipeline's
// OnBatch), so that the handler's later update of a mention cannot be
// overwritten by the pipeline's own save of it.
func (p *Pool) SubmitBatch(ms []*socialcrm.Mention) int {
	n := 0
	for _, m := range ms {
		if p.Submit(m) {
			n++
		}
	}
	return n
}
