package socialcrm

import "testing"

func TestHasWords(t *testing.T) {
	for text, want := range map[string]bool{
		"": false, "   ": false, "!!!": false, "@acme @bob": false, "https://example.com/x": false, "...": false,
		"ok": true, "@acme late again": true, "😀": true, "<3": true, "5": true, "très bien": true, "好": true,
	} {
		if got := HasWords(text); got != want {
			t.Errorf("HasWords(%q) = %v, want %v", text, got, want)
		}
	}
}
