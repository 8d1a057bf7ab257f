package alerts

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadConfig(t *testing.T) {
	in := `
params:
  window: 1m
  threshold: 6
brands:
  skyway:
    min_volume: 20
    cooldown: 2h
  acme: {}
vip_tiers: [platinum, gold]
vip_value: 250000
max_per_hour: 5
notify_resolved: false
`
	base := DefaultConfig()
	c, err := ReadConfig(strings.NewReader(in), base)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultParams()
	if c.Params.Window != time.Minute || c.Params.Threshold != 6 || c.Params.MinVolume != def.MinVolume || c.Params.Level != def.Level {
		t.Errorf("shared params %+v: want window 1m, threshold 6, the rest default", c.Params)
	}
	sky := c.params("skyway")
	if sky.MinVolume != 20 || sky.Cooldown != 2*time.Hour || sky.Window != time.Minute || sky.Threshold != 6 {
		t.Errorf("skyway params %+v: want its overrides over the shared params", sky)
	}
	if acme := c.params("acme"); acme.Window != time.Minute || acme.Threshold != 6 || acme.MinVolume != def.MinVolume {
		t.Errorf("acme params %+v: want the shared params", acme)
	}
	if other := c.params("other"); other.Threshold != 6 {
		t.Errorf("a brand without overrides has threshold %v, want the shared 6", other.Threshold)
	}
	if len(c.VIPTiers) != 2 || c.VIPValue != 250000 || c.MaxPerHour != 5 || c.NotifyResolved || c.VIPQuiet != base.VIPQuiet || c.Sample != base.Sample {
		t.Errorf("config %+v", c)
	}
	if _, err := ReadConfig(strings.NewReader(""), base); err != nil {
		t.Errorf("an empty file: %v", err)
	}
}

func TestReadConfig_Errors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"UnknownKey", "params:\n  treshold: 4\n", "line 2: field treshold not found"},
		{"UnknownTop", "vip_tier: [gold]\n", "field vip_tier not found"},
		{"BadDuration", "params:\n  window: soon\n", "line 2"},
		{"Invalid", "params:\n  threshold: -1\n", "params: alerts: need 0 < resolve_below"},
		{"BrandInvalid", "brands:\n  acme:\n    persistence: 0\n", `brand "acme"`},
		{"BadScales", "params:\n  scales: [6, 1]\n", "narrowest first"},
		{"Negative", "max_per_hour: -1\n", "must not be negative"},
		{"NotYAML", "params: [\n", "alerts: config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadConfig(strings.NewReader(tc.in), DefaultConfig())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

// The example in README.md is a valid configuration.
func TestReadConfig_ReadmeExample(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no yaml example")
	}
	c, err := ReadConfig(strings.NewReader(example), DefaultConfig())
	if err != nil {
		t.Fatalf("README example: %v", err)
	}
	if c.params("skyway").MinVolume != 20 || c.Params.Window != 5*time.Minute {
		t.Errorf("README example read as %+v", c)
	}
}

// Settings show durations and keys as the configuration file takes them.
func TestAlerter_Settings(t *testing.T) {
	c, err := ReadConfig(strings.NewReader("params:\n  window: 1m\nbrands:\n  skyway:\n    min_volume: 20\n"), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	a := &Alerter{conf: c}
	b, err := json.Marshal(a.Settings())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"window":"1m0s"`, `"cooldown":"24h0m0s"`, `"skyway":{`, `"min_volume":20`, `"vip_quiet":"1h0m0s"`, `"level_threshold":4.5`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("settings %s: want %s", b, want)
		}
	}
	// What the API shows reads back as the same configuration.
	var shown struct {
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(b, &shown); err != nil {
		t.Fatal(err)
	}
	back, err := ReadConfig(strings.NewReader("params: "+string(shown.Params)+"\n"), DefaultConfig())
	if err != nil || !reflect.DeepEqual(back.Params, c.Params) {
		t.Errorf("shown params read back as %+v, %v; want %+v", back.Params, err, c.Params)
	}
}
