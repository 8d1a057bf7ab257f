package kafka

import (
	"slices"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// CloseIntake makes the broker refuse, from now on, every produce request
// to one of topics (with a retriable error, NOT_ENOUGH_REPLICAS, so that
// the producer tries again later, then gives up). Shutdown calls it first
// so that what producers were told is stored is all there is to drain:
// a mention the broker refused was never acknowledged. Requests that name
// topics by ID only are refused too, since they might be for one of them.
func (b *Broker) CloseIntake(topics ...string) {
	b.cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		b.cluster.KeepControl()
		pr, ok := req.(*kmsg.ProduceRequest)
		if !ok || !slices.ContainsFunc(pr.Topics, func(t kmsg.ProduceRequestTopic) bool {
			return t.Topic == "" || slices.Contains(topics, t.Topic)
		}) {
			return nil, nil, false
		}
		resp := pr.ResponseKind().(*kmsg.ProduceResponse)
		for _, t := range pr.Topics {
			rt := kmsg.NewProduceResponseTopic()
			rt.Topic, rt.TopicID = t.Topic, t.TopicID
			for _, p := range t.Partitions {
				rp := kmsg.NewProduceResponseTopicPartition()
				rp.Partition = p.Partition
				rp.ErrorCode = kerr.NotEnoughReplicas.Code
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})
}
