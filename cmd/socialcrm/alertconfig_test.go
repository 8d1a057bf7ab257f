package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demo and serve refuse an alert config they cannot use, naming it.
func TestDemo_AlertConfigErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "alerts.yaml")
	if err := os.WriteFile(bad, []byte("params:\n  window: 5m\n  treshold: 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(t.TempDir(), "none.yaml"), "--alert-config: open"},
		{bad, "line 3: field treshold not found"},
	} {
		var out, errw bytes.Buffer
		err := run(context.Background(), []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0",
			"--log-level", "error", "--alert-config", tc.path}, env, nil, &out, &errw)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("demo --alert-config %s: err = %v, want it to say %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}
