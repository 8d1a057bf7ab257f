package main

import (
	"context"
	"errors"
)

func cmdBench(ctx context.Context, args []string, io stdio) error {
	return errors.New("bench: not implemented yet")
}
