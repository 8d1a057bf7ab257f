package sentiment

import "testing"

func TestDedupeKey(t *testing.T) {
	same := [][2]string{
		{"RT @bob: Great game tonight! http://t.co/x", "great game tonight"},
		{"Great   GAME tonight!!", "great game tonight ..."},
		{"#win it's on", "#WIN it s on"},
	}
	for _, p := range same {
		if DedupeKey(p[0]) != DedupeKey(p[1]) {
			t.Errorf("%q and %q: keys %q and %q differ", p[0], p[1], DedupeKey(p[0]), DedupeKey(p[1]))
		}
	}
	if DedupeKey("great game") == DedupeKey("bad game") {
		t.Error("different texts share a key")
	}
	if DedupeKey("http://t.co/a") == DedupeKey("http://t.co/b") {
		t.Error("texts of only a link share a key")
	}
}

func TestExclude(t *testing.T) {
	train := []Example{{Text: "RT @a: so happy today http://x.co/1", Label: 2}, {Text: "meh", Label: 1}}
	val := []Example{{Text: "so happy today!", Label: 2}}
	if got := Exclude(train, val); len(got) != 1 || got[0].Text != "meh" {
		t.Errorf("Exclude = %+v", got)
	}
}
