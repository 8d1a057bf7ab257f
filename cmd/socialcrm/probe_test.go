package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestProbe: exit status 0 for a 2xx answer, an error naming the status
// otherwise or when nothing answers.
func TestProbe(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, "no", http.StatusServiceUnavailable)
		}
	}))
	defer ts.Close()
	probe := func(args ...string) error {
		return run(context.Background(), append([]string{"probe"}, args...), func(string) string { return "" },
			strings.NewReader(""), io.Discard, io.Discard)
	}
	if err := probe(ts.URL + "/healthz"); err != nil {
		t.Errorf("probe of a healthy URL: %v", err)
	}
	if err := probe(ts.URL + "/readyz"); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("probe of a 503: %v, want an error naming 503", err)
	}
	if err := probe("--timeout", "1s", "http://127.0.0.1:1/healthz"); err == nil {
		t.Error("probe of a closed port: no error")
	}
	if err := probe(); err == nil {
		t.Error("probe without a URL: no error")
	}
}
