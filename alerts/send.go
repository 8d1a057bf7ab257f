package alerts

import (
	"bytes"
	"context"
	"encoding/json"
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

// PostJSON posts v as JSON to url for the notifier called name, with the
// headers setHeaders (may be nil) adds for the body, and classifies the
// outcome as Send does. Errors start with name.
func PostJSON(ctx context.Context, client *http.Client, name, url string, v any, setHeaders func(h http.Header, body []byte)) (retry bool, err error) {
	body, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("%s: encode: %w", name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if setHeaders != nil {
		setHeaders(req.Header, body)
	}
	if retry, err := Send(ctx, client, req); err != nil {
		return retry, fmt.Errorf("%s: %w", name, err)
	}
	return false, nil
}
