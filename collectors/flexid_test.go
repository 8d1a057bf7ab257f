package collectors

import (
	"encoding/json"
	"testing"
)

func TestFlexID(t *testing.T) {
	for in, want := range map[string]FlexID{
		`{"id":1436114489988968481}`:   "1436114489988968481",
		`{"id":"1436114489988968481"}`: "1436114489988968481",
		`{"id":null}`:                  "",
		`{"id":-7}`:                    "-7",
	} {
		var v struct{ ID FlexID }
		if err := json.Unmarshal([]byte(in), &v); err != nil || v.ID != want {
			t.Errorf("%s: got %q, %v; want %q", in, v.ID, err, want)
		}
	}
	for _, in := range []string{`{"id":1.5}`, `{"id":true}`, `{"id":{}}`} {
		var v struct{ ID FlexID }
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s: accepted as %q", in, v.ID)
		}
	}
}
