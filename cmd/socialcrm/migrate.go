package main

import (
	"context"
	"errors"
)

func cmdMigrate(ctx context.Context, args []string, io stdio) error {
	return errors.New("migrate: not implemented yet")
}
