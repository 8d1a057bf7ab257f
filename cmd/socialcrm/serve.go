package main

import (
	"context"
	"errors"
)

func cmdServe(ctx context.Context, args []string, io stdio) error {
	return errors.New("serve: not implemented yet")
}
