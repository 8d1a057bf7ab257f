package socialcrm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

const validRaw = `{"v":1,"id":"mastodon:109372","source":"mastodon","brand":"acme",
 "author":{"id":"109001","handle":"alice@example.social","name":"Alice","followers":120},
 "text":"@acme my order is late again, really disappointed",
 "lang":"en","kind":"reply","parent_id":"mastodon:109360",
 "url":"https://example.social/@alice/109372","created_at":"2026-11-20T10:04:05Z"}`

func TestDecodeMention(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m, err := socialcrm.DecodeMention([]byte(validRaw))
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != "mastodon:109372" || m.Kind != socialcrm.KindReply || m.Author.Followers != 120 || m.Extra != nil {
			t.Fatalf("got %+v", m)
		}
	})
	t.Run("UnknownFieldsKept", func(t *testing.T) {
		raw := strings.Replace(validRaw, `"v":1,`, `"v":1,"likes":7,"source_meta":{"a":[1,2]},`, 1)
		m, err := socialcrm.DecodeMention([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if string(m.Extra["likes"]) != "7" || string(m.Extra["source_meta"]) != `{"a":[1,2]}` || m.Text == "" {
			t.Fatalf("extra = %v", m.Extra)
		}
	})
	t.Run("NestedUnknownIgnored", func(t *testing.T) {
		raw := strings.Replace(validRaw, `"name":"Alice",`, `"name":"Alice","avatar":"x.png",`, 1)
		if _, err := socialcrm.DecodeMention([]byte(raw)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("DefaultKind", func(t *testing.T) {
		m, err := socialcrm.DecodeMention([]byte(strings.Replace(validRaw, `"kind":"reply",`, "", 1)))
		if err != nil || m.Kind != socialcrm.KindPost {
			t.Fatalf("%v %v", err, m)
		}
	})
	t.Run("LikeWithoutText", func(t *testing.T) {
		raw := `{"v":1,"id":"x:1","source":"x","author":{"id":"1"},"kind":"like","created_at":"2026-11-20T10:04:05Z"}`
		if _, err := socialcrm.DecodeMention([]byte(raw)); err != nil {
			t.Fatal(err)
		}
	})
	bad := map[string]struct {
		raw  string
		want string
	}{
		"NotJSON":        {`{"v":1,`, "not a JSON object"},
		"Array":          {`[1,2]`, "not a JSON object"},
		"Trailing":       {validRaw + `{}`, "after the JSON object"},
		"WrongType":      {strings.Replace(validRaw, `"followers":120`, `"followers":"many"`, 1), "followers"},
		"Version":        {strings.Replace(validRaw, `"v":1`, `"v":2`, 1), "unknown schema version 2"},
		"NoVersion":      {strings.Replace(validRaw, `"v":1,`, ``, 1), "unknown schema version 0"},
		"NoID":           {strings.Replace(validRaw, `"id":"mastodon:109372",`, ``, 1), `missing field "id"`},
		"NoSource":       {strings.Replace(validRaw, `"source":"mastodon",`, ``, 1), `missing field "source"`},
		"NoAuthor":       {strings.Replace(validRaw, `"id":"109001","handle":"alice@example.social",`, ``, 1), `"author.id"`},
		"NoCreatedAt":    {strings.Replace(validRaw, `,"created_at":"2026-11-20T10:04:05Z"`, ``, 1), `"created_at"`},
		"NoText":         {strings.Replace(validRaw, `"text":"@acme my order is late again, really disappointed",`, ``, 1), `missing field "text"`},
		"UnknownKind":    {strings.Replace(validRaw, `"kind":"reply"`, `"kind":"poke"`, 1), `unknown kind "poke"`},
		"BadLabel":       {strings.Replace(validRaw, `"v":1,`, `"v":1,"sentiment":{"label":"angry"},`, 1), `unknown sentiment label`},
		"InvalidUTF8":    {strings.Replace(validRaw, "disappointed", "disappointed\xff", 1), "not valid UTF-8"},
		"TextTooLong":    {strings.Replace(validRaw, "disappointed", strings.Repeat("a", socialcrm.MaxTextBytes), 1), "more than the limit"},
		"HugeID":         {strings.Replace(validRaw, `"id":"mastodon:109372"`, `"id":"mastodon:`+strings.Repeat("9", 10<<10)+`"`, 1), `field "id" is 10249 bytes, more than the limit of 512`},
		"HugeHandle":     {strings.Replace(validRaw, `alice@example.social`, strings.Repeat("a", 10<<10), 1), `field "author.handle" is 10240 bytes`},
		"HugeBrand":      {strings.Replace(validRaw, `"brand":"acme"`, `"brand":"`+strings.Repeat("b", 129)+`"`, 1), `field "brand"`},
		"HugeLang":       {strings.Replace(validRaw, `"lang":"en"`, `"lang":"`+strings.Repeat("e", 17)+`"`, 1), `field "lang"`},
		"HugeURL":        {strings.Replace(validRaw, `"url":"https://`, `"url":"https://`+strings.Repeat("u", 2048), 1), `field "url"`},
		"HugeParent":     {strings.Replace(validRaw, `"parent_id":"mastodon:109360"`, `"parent_id":"`+strings.Repeat("p", 513)+`"`, 1), `field "parent_id"`},
		"MessageTooLong": {strings.Replace(validRaw, "disappointed", strings.Repeat("a", socialcrm.MaxMentionBytes), 1), "bytes, more than the limit"},
	}
	for name, tc := range bad {
		t.Run("ErrInvalid/"+name, func(t *testing.T) {
			_, err := socialcrm.DecodeMention([]byte(tc.raw))
			if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrInvalid containing %q", err, tc.want)
			}
		})
	}
}

func TestDecodeMention_EmptyTextWithEmbed(t *testing.T) {
	raw := strings.Replace(validRaw, `"text":"@acme my order is late again, really disappointed",`,
		`"text":"","extra":{"embed":{"type":"app.bsky.embed.external"}},`, 1)
	m, err := socialcrm.DecodeMention([]byte(raw))
	if err != nil {
		t.Fatalf("a reply with an embed and no text: %v", err)
	}
	if !m.HasEmbed() || m.Text != "" {
		t.Fatalf("decoded %+v, want the embed kept and the text empty", m)
	}
}

func TestEncodeMention_RoundTrip(t *testing.T) {
	m, err := socialcrm.DecodeMention([]byte(strings.Replace(validRaw, `"v":1,`, `"v":1,"likes":7,`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := socialcrm.EncodeMention(m)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := socialcrm.DecodeMention(b)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Text != m.Text || string(m2.Extra["likes"]) != "7" {
		t.Fatalf("round trip lost data: %+v", m2)
	}
}

func FuzzDecodeMention(f *testing.F) {
	f.Add([]byte(validRaw))
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":1,"id":"a","source":"b","author":{"id":"c"},"created_at":"2026-01-01T00:00:00Z","kind":"like","x":[{}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := socialcrm.DecodeMention(b)
		if err == nil {
			if m.ID == "" || m.Source == "" || !socialcrm.ValidKind(m.Kind) {
				t.Fatalf("accepted an invalid mention: %+v", m)
			}
		} else if !errors.Is(err, socialcrm.ErrInvalid) {
			t.Fatalf("error does not wrap ErrInvalid: %v", err)
		}
	})
}

func BenchmarkDecodeMention(b *testing.B) {
	raw := []byte(validRaw)
	for b.Loop() {
		if _, err := socialcrm.DecodeMention(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}
