package mastodon

import (
	"context"
	"net/http"

	"github.com/socialcrm/socialcrm/collectors"
)

func getJSON(ctx context.Context, s *stream, req *http.Request, what string, v any) (http.Header, error) {
	return collectors.GetJSON(ctx, s.c.deps.Client(), req, what, v)
}
