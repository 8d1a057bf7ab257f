package main

import (
	"context"
	"errors"
)

func cmdCollect(ctx context.Context, args []string, io stdio) error {
	return errors.New("collect: not implemented yet")
}
