package main

import (
	"context"
	"errors"
)

func cmdSpikes(ctx context.Context, args []string, io stdio) error {
	return errors.New("spikes: not implemented yet")
}
