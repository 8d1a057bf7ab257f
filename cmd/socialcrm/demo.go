package main

import (
	"context"
	"errors"
)

func cmdDemo(ctx context.Context, args []string, io stdio) error {
	return errors.New("demo: not implemented yet")
}
