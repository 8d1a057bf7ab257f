package reddit

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// tokenSource fetches and caches an application-only OAuth token
// (grant_type=client_credentials).
type tokenSource struct {
	c       *Collector
	mu      sync.Mutex
	token   string
	expires time.Time
}

func (t *tokenSource) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.c.deps.Clock().Before(t.expires) {
		return t.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequest(http.MethodPost, t.c.cfg.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", backoff.Permanent(err)
	}
	req.SetBasicAuth(t.c.cfg.ClientID, t.c.cfg.ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", t.c.cfg.UserAgent)
	var resp struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		Error       string `json:"error"`
	}
	if _, err := collectors.GetJSON(ctx, t.c.deps.Client(), req, "reddit: token", &resp); err != nil {
		return "", err
	}
	if resp.AccessToken == "" {
		return "", backoff.Permanent(errorf("reddit: token: no access token (error %q)", resp.Error))
	}
	t.token = resp.AccessToken
	t.expires = t.c.deps.Clock().Add(time.Duration(max(resp.ExpiresIn-60, 30)) * time.Second)
	return t.token, nil
}

// reset forgets the token after the API refused it.
func (t *tokenSource) reset() {
	t.mu.Lock()
	t.token = ""
	t.mu.Unlock()
}
