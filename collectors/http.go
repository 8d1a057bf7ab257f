package collectors

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm/backoff"
)

// MaxResponseBytes bounds a polled response body.
const MaxResponseBytes = 32 << 20

// UserAgent identifies the collectors to the sources.
const UserAgent = "socialcrm-collector/1.0 (+https://github.com/socialcrm/socialcrm)"

// GetJSON sends req and decodes a 2xx JSON response into v. Unsuccessful
// statuses become backoff errors (waits for 429/503, permanent for 4xx);
// what names the request in errors. It returns the response headers, for
// rate-limit and paging headers.
func GetJSON(ctx context.Context, c *http.Client, req *http.Request, what string, v any) (http.Header, error) {
	req = req.WithContext(ctx)
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", UserAgent)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp.Header, backoff.StatusError(resp, what, 30*time.Second)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, MaxResponseBytes)).Decode(v); err != nil {
		return resp.Header, fmt.Errorf("%s: decode response: %w", what, err)
	}
	return resp.Header, nil
}
