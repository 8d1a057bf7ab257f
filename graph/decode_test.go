package graph

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

// slowDecode is what DecodeInteraction gives without its fast path.
func slowDecode(b []byte) (socialcrm.Interaction, error) {
	var in socialcrm.Interaction
	if err := json.Unmarshal(b, &in); err != nil {
		return in, err
	}
	if in.V != socialcrm.SchemaVersion {
		return in, errors.New("version")
	}
	return in, nil
}

var decodeCases = []string{
	`{"v":1,"from":"a","to":"b","kind":"reply","at":"2024-05-01T10:00:00Z"}`,
	`{"v":1,"from":"mastodon:@a@x.y","to":"bluesky:b","kind":"like","at":"2024-05-01T10:00:00.123456789+02:00","mention_id":"m1","source":"rss","brand":"acme","followers":1200}`,
	` { "v" : 1 , "from" : "a" , "to" : "b" , "kind" : "share" , "at" : "2024-05-01T10:00:00Z" } `,
	"{\n\t\"v\":1,\"from\":\"a\",\"to\":\"b\",\"kind\":\"post\",\"at\":\"2024-05-01T10:00:00Z\"\n}\n",
	`{"v":1,"from":"é ü 日本","to":"b","kind":"made-up","at":"2024-05-01T10:00:00Z"}`,
	`{"v":1,"from":"a\"q","to":"b","kind":"reply","at":"2024-05-01T10:00:00Z"}`,      // escape
	`{"v":1,"from":"a\u00e9","to":"b","kind":"reply","at":"2024-05-01T10:00:00Z"}`,   // escape
	`{"V":1,"From":"a","TO":"b","kind":"reply","at":"2024-05-01T10:00:00Z"}`,         // other spelling
	`{"v":1,"from":"a","to":"b","kind":"reply","at":"2024-05-01T10:00:00Z","x":[1]}`, // unknown field
	`{"v":1,"from":null,"to":"b","kind":"reply","at":null}`,
	`{"v":1.0,"from":"a","to":"b"}`,
	`{"v":1e0,"from":"a","to":"b"}`,
	`{"v":-0,"from":"a","to":"b"}`,
	`{"v":01,"from":"a","to":"b"}`,
	`{"v":1,"followers":-5,"from":"a","to":"b"}`,
	`{"v":1,"followers":99999999999999999999999,"from":"a","to":"b"}`,
	`{"v":1,"followers":"5","from":"a","to":"b"}`,
	`{"v":2,"from":"a","to":"b","kind":"reply","at":"2024-05-01T10:00:00Z"}`,
	`{"v":1,"from":"a","to":"b","at":""}`,
	`{"v":1,"from":"a","to":"b","at":"yesterday"}`,
	`{"v":1,"from":"a","from":"c","to":"b"}`,
	`{"v":1,"from":"a","to":"b",}`,
	`{"v":1,"from":"a","to":"b"} x`,
	`{"v":1,"from":"a","to":"b"`,
	`{"v":1,"from":"a` + "\x01" + `","to":"b"}`,
	`{"v":1,"from":"a` + "\xff" + `","to":"b"}`,
	`{}`, `[]`, `null`, ``, `{"v":1}`, `{"v":1 "from":"a"}`,
}

// The fast path decodes as encoding/json does, and errs where it errs.
func TestDecodeInteraction_AsJSON(t *testing.T) {
	cases := append([]string(nil), decodeCases...)
	i := 0
	graphgen.Realistic(graphgen.Options{Interactions: 300, Authors: 100, Seed: 3}, func(in socialcrm.Interaction) {
		in.MentionID, in.Followers = "m"+strconv.Itoa(i), i*37
		i++
		b, _ := json.Marshal(in)
		cases = append(cases, string(b))
	})
	fast := 0
	for _, c := range cases {
		if _, ok := decodeFast([]byte(c)); ok {
			fast++
		}
		compareDecode(t, []byte(c))
	}
	if fast < 300 {
		t.Errorf("%d of %d values took the fast path, want every generated one", fast, len(cases))
	}
}

func compareDecode(t *testing.T, b []byte) {
	t.Helper()
	got, gerr := DecodeInteraction(b)
	want, werr := slowDecode(b)
	if (gerr != nil) != (werr != nil) {
		t.Fatalf("%q: error %v, encoding/json says %v", b, gerr, werr)
	}
	if gerr != nil && !errors.Is(gerr, socialcrm.ErrInvalid) {
		t.Fatalf("%q: error %v does not wrap ErrInvalid", b, gerr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", b, got, want)
	}
}

func FuzzDecodeInteraction(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(compareDecode)
}

func BenchmarkDecodeInteraction(b *testing.B) {
	v := []byte(`{"v":1,"from":"mastodon:@author123@example.social","to":"bluesky:did:plc:abcdefgh","kind":"reply","at":"2024-05-01T10:00:00Z","mention_id":"bench:123456","source":"mastodon","brand":"acme","followers":1200}`)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeInteraction(v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := slowDecode(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
