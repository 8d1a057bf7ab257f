package kafka_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

func TestClassifyError(t *testing.T) {
	tests := map[string]struct {
		err  error
		want string
	}{
		"None":       {nil, kafka.ClassNone},
		"Canceled":   {fmt.Errorf("x: %w", context.Canceled), kafka.ClassCanceled},
		"Deadline":   {context.DeadlineExceeded, kafka.ClassTimeout},
		"Invalid":    {socialcrm.Invalidf("mention: bad"), kafka.ClassInvalid},
		"TooLarge":   {fmt.Errorf("w: %w", kafkago.MessageSizeTooLarge), kafka.ClassTooLarge},
		"Rebalance":  {kafkago.RebalanceInProgress, kafka.ClassRebalance},
		"Generation": {kafkago.ErrGenerationEnded, kafka.ClassRebalance},
		"Broker":     {kafkago.NotLeaderForPartition, kafka.ClassBroker},
		"Store":      {fmt.Errorf("m: %w", socialcrm.ErrNotFound), kafka.ClassStore},
		"EOF":        {io.ErrUnexpectedEOF, kafka.ClassNetwork},
		"Net":        {&net.OpError{Op: "dial", Err: errors.New("refused")}, kafka.ClassNetwork},
		"Other":      {errors.New("odd"), kafka.ClassOther},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := kafka.ClassifyError(tc.err); got != tc.want {
				t.Errorf("ClassifyError(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}
