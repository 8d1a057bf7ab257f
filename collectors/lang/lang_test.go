package lang

import (
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestDetector_Detect(t *testing.T) {
	d, err := New([]string{"en", "fr", "de", "es"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"My order arrived late again and the support team never answered my emails", "en"},
		{"Ma commande est encore arrivée en retard et le service client ne répond jamais", "fr"},
		{"Meine Bestellung ist wieder zu spät gekommen und der Kundendienst antwortet nie", "de"},
		{"Mi pedido llegó tarde otra vez y el servicio de atención nunca responde", "es"},
	}
	for _, tt := range tests {
		got, conf := d.Detect(tt.text)
		if got != tt.want {
			t.Errorf("Detect(%q) = %q (%.2f), want %q", tt.text, got, conf, tt.want)
		}
	}
}

func TestDetector_Fill(t *testing.T) {
	d, err := New(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := &socialcrm.Mention{Text: "Ma commande est encore arrivée en retard, quelle honte", Lang: "en"}
	d.Fill(m)
	if m.Lang != "en" {
		t.Errorf("declared language overwritten: %q", m.Lang)
	}
	m.Lang = ""
	d.Fill(m)
	if m.Lang != "fr" || m.Extra["lang_confidence"] == nil {
		t.Errorf("Fill: lang %q extra %v", m.Lang, m.Extra)
	}
	if _, err := New([]string{"xx"}, 0); err == nil {
		t.Error("unknown code accepted")
	}
}
