package entity_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm/entity"
)

// TestExtractor_Labelled measures the extractor on demo mentions labelled
// by hand (testdata/labelled.tsv): precision, the share of the entities it
// finds that a person finds too, and recall, the share of a person's it
// finds. Brands come from the mention, as in the pipeline.
func TestExtractor_Labelled(t *testing.T) {
	f, err := os.Open("testdata/labelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex := extractor()
	found, right, gold, recalled, lines := 0, 0, 0, 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("labelled.tsv: %q: want brand, text and entities", line)
		}
		lines++
		brand, text := cols[0], cols[1]
		var want [][]string // each a set of accepted answers
		ok := map[string]bool{}
		for _, g := range strings.Split(cols[2], "; ") {
			if g = strings.TrimSpace(g); g != "" {
				alts := strings.Split(g, "|")
				want = append(want, alts)
				for _, a := range alts {
					ok[a] = true
				}
			}
		}
		got := map[string]bool{}
		for _, e := range ex.ExtractFor(text, brand) {
			k := e.Text + "/" + e.Type
			got[k] = true
			found++
			if ok[k] {
				right++
			} else {
				t.Logf("wrong: %q in %q", k, text)
			}
		}
		for _, alts := range want {
			gold++
			for _, a := range alts {
				if got[a] {
					recalled++
					break
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	precision, recall := float64(right)/float64(max(found, 1)), float64(recalled)/float64(max(gold, 1))
	t.Logf("%d texts: precision %.2f (%d of %d found), recall %.2f (%d of %d)", lines, precision, right, found, recall, recalled, gold)
	if precision < 0.9 || recall < 0.7 {
		t.Errorf("precision %.2f, recall %.2f: want at least 0.90 and 0.70", precision, recall)
	}
	_ = entity.TypeOrg
}
