package kafka

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
)

// Error classes returned by ClassifyError, a small fixed set so that they
// can be used as metric label values.
const (
	ClassNone      = "none"
	ClassCanceled  = "canceled"
	ClassTimeout   = "timeout"
	ClassNetwork   = "network"
	ClassInvalid   = "invalid"   // bad input: decode or validation errors
	ClassTooLarge  = "too_large" // message or batch over a size limit
	ClassRebalance = "rebalance" // consumer group moved on
	ClassBroker    = "broker"    // other error codes answered by a broker
	ClassStore     = "store"     // socialcrm.ErrNotFound, ErrConflict
	ClassOther     = "other"
)

// ClassifyError maps an error to one of the Class constants.
func ClassifyError(err error) string {
	var kerr kafkago.Error
	var nerr net.Error
	switch {
	case err == nil:
		return ClassNone
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, kafkago.RequestTimedOut):
		return ClassTimeout
	case errors.Is(err, socialcrm.ErrInvalid):
		return ClassInvalid
	case errors.Is(err, kafkago.MessageSizeTooLarge), errors.As(err, new(kafkago.MessageTooLargeError)),
		errors.Is(err, kafkago.RecordListTooLarge):
		return ClassTooLarge
	case errors.Is(err, kafkago.ErrGenerationEnded), errors.Is(err, kafkago.RebalanceInProgress),
		errors.Is(err, kafkago.IllegalGeneration), errors.Is(err, kafkago.UnknownMemberId):
		return ClassRebalance
	case errors.As(err, &kerr):
		return ClassBroker
	case errors.Is(err, socialcrm.ErrNotFound), errors.Is(err, socialcrm.ErrConflict):
		return ClassStore
	case errors.As(err, &nerr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, net.ErrClosed):
		return ClassNetwork
	}
	return ClassOther
}
