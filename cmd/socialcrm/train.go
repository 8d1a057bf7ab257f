package main

import (
	"context"
	"errors"
)

func cmdTrain(ctx context.Context, args []string, io stdio) error {
	return errors.New("train: not implemented yet")
}
