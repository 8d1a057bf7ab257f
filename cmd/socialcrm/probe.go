package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// cmdProbe gets a URL and fails unless it answers 2xx: the health check
// of a container image that has no shell or curl.
func cmdProbe(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("probe", "probe [flags] URL   (exit status 0 when URL answers 2xx, such as http://127.0.0.1:8080/healthz)", io)
	timeout := fs.Duration("timeout", "", 5*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("probe: want one URL, got %d arguments", fs.NArg())
	}
	url := fs.Arg(0)
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("probe: %s answered %s", url, resp.Status)
	}
	return nil
}
