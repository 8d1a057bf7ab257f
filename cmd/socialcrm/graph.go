package main

import (
	"context"
	"errors"
)

func cmdGraph(ctx context.Context, args []string, io stdio) error {
	return errors.New("graph: not implemented yet")
}
