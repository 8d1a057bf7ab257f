package x

import (
	"encoding/json"
	"testing"
	"time"
)

// TestMessage_RealShapes: a matching rule with a numeric id and a null tag
// (both as the stream sends them), no created_at, no author.
func TestMessage_RealShapes(t *testing.T) {
	var msg Message
	line := `{"data":{"id":"1309906146795290624","text":"acme blender review"},"matching_rules":[{"id":1308202563854950400,"tag":null}]}`
	if err := json.Unmarshal([]byte(line), &msg); err != nil {
		t.Fatal(err)
	}
	if got := msg.MatchingRules[0].ID; got != "1308202563854950400" {
		t.Errorf("rule id %q, want every digit of the number", got)
	}
	m := msg.mention()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	// (1309906146795290624 >> 22) + 1288834974657 ms since the Unix epoch.
	if want := time.Date(2020, 9, 26, 17, 22, 16, 932e6, time.UTC); !m.CreatedAt.Equal(want) {
		t.Errorf("created %s, want %s from the id", m.CreatedAt, want)
	}
	if m.Author.ID != UnknownAuthor || m.Brand != "" {
		t.Errorf("author %+v brand %q", m.Author, m.Brand)
	}
}
