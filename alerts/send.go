package alerts

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Send performs req for a notifier and classifies the outcome: network
// errors, 429 and 5xx answers may succeed on retry, other non-2xx answers
// will not. The answer's body is drained and closed.
func Send(ctx context.Context, client *http.Client, req *http.Request) (retry bool, err error) {
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return ctx.Err() == nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 == 2 {
		return false, nil
	}
	retry = resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
	return retry, fmt.Errorf("%s %s: %s: %q", req.Method, req.URL.Redacted(), resp.Status, body)
}
