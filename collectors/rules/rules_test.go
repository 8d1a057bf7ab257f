package rules

import (
	"errors"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func mention(text, lang, source, handle string) *socialcrm.Mention {
	return &socialcrm.Mention{Text: text, Lang: lang, Source: source, Author: socialcrm.Author{Handle: handle, ID: "42"}}
}

func TestQuery_Match(t *testing.T) {
	const q = `acme OR "acme corp" -job -hiring lang:en source:reddit`
	tests := []struct {
		name, query string
		m           *socialcrm.Mention
		want        bool
	}{
		{"OK", q, mention("Love my Acme blender", "en", "reddit", "bob"), true},
		{"Phrase", `"acme corp"`, mention("ACME   Corp. rocks", "en", "x", "bob"), true},
		{"PhraseOrder", `"acme corp"`, mention("corp acme", "en", "x", "bob"), false},
		{"NotWord", q, mention("acme is hiring!", "en", "reddit", "bob"), false},
		{"NotJob", q, mention("acme job offer", "en", "reddit", "bob"), false},
		{"WrongLang", q, mention("acme", "fr", "reddit", "bob"), false},
		{"LangRegion", "acme lang:en", mention("acme", "en-GB", "x", "bob"), true},
		{"WrongSource", q, mention("acme", "en", "mastodon", "bob"), false},
		{"WholeWord", "acme", mention("acmeville", "en", "x", "bob"), false},
		{"Apostrophe", "acme", mention("Acme's service", "en", "x", "bob"), true},
		{"Hashtag", "#acme", mention("so good #Acme", "", "x", "bob"), true},
		{"HashtagNotWord", "#acme", mention("so good acme", "", "x", "bob"), false},
		{"WordInHashtag", "acme", mention("so good #acme", "", "x", "bob"), true},
		{"Handle", "@acme", mention("hey @acme help", "", "x", "bob"), true},
		{"HandleServer", "@acme", mention("hey @Acme@mastodon.social help", "", "mastodon", "bob"), true},
		{"HandleFull", "@acme@mastodon.social", mention("hey @acme@mastodon.social.", "", "mastodon", "bob"), true},
		{"HandleOtherServer", "@acme@mastodon.social", mention("hey @acme@other.example", "", "mastodon", "bob"), false},
		{"Email", "@acme", mention("mail info@acme.com", "", "x", "bob"), false},
		{"Author", "author:alice", mention("anything", "", "x", "alice"), true},
		{"AuthorLocal", "author:alice", mention("anything", "", "mastodon", "alice@example.social"), true},
		{"AuthorAt", "author:@alice", mention("anything", "", "x", "Alice"), true},
		{"AuthorID", "author:42", mention("anything", "", "x", "alice"), true},
		{"AuthorOther", "author:alice", mention("alice", "", "x", "bob"), false},
		{"Parens", "(acme OR globex) (broken OR late)", mention("globex order late", "", "x", "b"), true},
		{"ParensMiss", "(acme OR globex) (broken OR late)", mention("globex order fine", "", "x", "b"), false},
		{"AndKeyword", "acme AND late", mention("acme late", "", "x", "b"), true},
		{"NotKeyword", "acme NOT late", mention("acme late", "", "x", "b"), false},
		{"NotGroup", `acme -(job OR "we are hiring")`, mention("acme: we are hiring", "", "x", "b"), false},
		{"Precedence", "a b OR c", mention("c", "", "x", "b"), false},
		{"Precedence2", "a b OR c", mention("a c", "", "x", "b"), true},
		{"LowercaseOr", "acme or globex", mention("globex", "", "x", "b"), false},
		{"Unicode", "café", mention("Le Café est bon", "fr", "x", "b"), true},
		{"DoubleNot", "--acme", mention("acme", "", "x", "b"), true},
		{"NegPhrase", `acme -"acme corp"`, mention("acme corp", "", "x", "b"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(NewDoc(tt.m)); got != tt.want {
				t.Errorf("%s on %q = %v, want %v (tree %s)", tt.query, tt.m.Text, got, tt.want, q)
			}
		})
	}
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		query string
		pos   int
	}{
		{"", 1},
		{"   ", 1},
		{`acme "corp`, 6},
		{"acme)", 5},
		{"(acme", 1},
		{"acme OR", 8},
		{"OR acme", 1},
		{"acme OR OR b", 9},
		{"acme -", 6},
		{"acme - job", 6},
		{"foo:bar", 1},
		{"acme lang:", 11},
		{"#", 1},
		{"@", 1},
		{"acme NOT", 9},
		{"AND acme", 1},
		{"acme AND", 9},
		{"!!!", 1},
		{`""`, 1},
		{"()", 2},
		{"a (b OR ) c", 9},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := Parse(tt.query)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a SyntaxError", tt.query, err)
			}
			if se.Pos != tt.pos {
				t.Errorf("Parse(%q) position = %d, want %d (%v)", tt.query, se.Pos, tt.pos, err)
			}
			if !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

func TestQuery_String(t *testing.T) {
	tests := map[string]string{
		`acme OR "acme corp" -job -hiring lang:en source:reddit`: `(acme OR "acme corp") -job -hiring lang:en source:reddit`,
		`(a OR b) NOT c`:    `(a OR b) -c`,
		`#Acme @Acme AND x`: `#acme @acme x`,
		`Acme's`:            `"acme s"`,
	}
	for in, want := range tests {
		q, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
}

func TestSet_Match(t *testing.T) {
	s, err := Compile([]Rule{
		{Brand: "acme", Query: `acme OR @acme -hiring`},
		{Brand: "globex", Name: "globex-fr", Query: `globex lang:fr`},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := s.Match(mention("globex est nul", "fr", "x", "b"))
	if !ok || r.Brand != "globex" || r.Name != "globex-fr" {
		t.Errorf("Match = %+v, %v", r, ok)
	}
	r, ok = s.Match(mention("hi @acme", "en", "x", "b"))
	if !ok || r.Name != "acme" {
		t.Errorf("Match = %+v, %v; want rule named after its brand", r, ok)
	}
	if _, ok := s.Match(mention("acme hiring", "en", "x", "b")); ok {
		t.Error("matched a mention the rule excludes")
	}
	_, err = Compile([]Rule{{Brand: "a", Query: "ok"}, {Brand: "b", Query: "x ("}, {Query: "y"}})
	if err == nil || !errors.Is(err, socialcrm.ErrInvalid) {
		t.Fatalf("Compile error = %v, want invalid", err)
	}
	t.Log(err)
}
