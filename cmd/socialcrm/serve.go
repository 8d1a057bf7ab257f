package main

import "context"

func cmdServe(ctx context.Context, args []string, io stdio) error {
	return runServiceCommand(ctx, args, io, false)
}
