package config

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

func TestLoad_Example(t *testing.T) {
	c, err := Load("../testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MASTODON_TOKEN": "m-tok", "REDDIT_CLIENT_SECRET": "r-sec"}
	cs, err := c.Collectors(collectors.Deps{}, Env{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, col := range cs {
		names = append(names, col.Name())
	}
	if got := strings.Join(names, " "); got != "mastodon bluesky rss reddit hackernews" {
		t.Errorf("collectors %q", got)
	}
	set, err := c.Rules()
	if err != nil || set.Len() != 3 {
		t.Fatalf("rules: %v, %v", set, err)
	}
	f, err := c.Filter(nil, nil)
	if err != nil || f.Lang == nil {
		t.Fatalf("filter: %v", err)
	}
	// Without the Mastodon token the user stream cannot start.
	if _, err := c.Collectors(collectors.Deps{}, Env{Getenv: func(k string) string { return "" }}); err == nil {
		t.Error("built a user stream without a token")
	}
}

func TestLoad_Public(t *testing.T) {
	c, err := Load("../testdata/public.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.Collectors(collectors.Deps{}, Env{})
	if err != nil || len(cs) != 3 {
		t.Fatalf("%d collectors, %v", len(cs), err)
	}
}

func TestSecretFile(t *testing.T) {
	p := t.TempDir() + "/tok"
	if err := os.WriteFile(p, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Parse([]byte("sources:\n  - type: x\n    secret_env: MY_X\n"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.Collectors(collectors.Deps{}, Env{Getenv: func(k string) string {
		if k == "MY_X_FILE" {
			return p
		}
		return ""
	}})
	if err != nil || len(cs) != 1 {
		t.Fatalf("x from a secret file: %v", err)
	}
}

func TestParse_Errors(t *testing.T) {
	tests := map[string]string{
		"UnknownKey":    "sources:\n  - type: rss\n    feeds: [{url: https://a.example/f}]\n    intervall: 1m\n",
		"UnknownType":   "sources:\n  - type: myspace\n",
		"NoType":        "sources:\n  - base_url: https://a.example\n",
		"BadRule":       "brands:\n  - name: acme\n    rules:\n      - query: 'acme OR'\n",
		"TopLevelTypo":  "brand: []\n",
		"NamelessBrand": "brands:\n  - rules: [{query: acme}]\n",
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := Parse([]byte(doc))
			if err == nil {
				_, err = c.Collectors(collectors.Deps{}, Env{})
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			var se *rules.SyntaxError
			if name == "BadRule" && (!errors.As(err, &se) || se.Pos != 8) {
				t.Errorf("bad rule error %v does not name position 8", err)
			}
		})
	}
}
