package main

import (
	"context"
	"errors"
)

func cmdScore(ctx context.Context, args []string, io stdio) error {
	return errors.New("score: not implemented yet")
}
