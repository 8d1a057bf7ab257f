package replay

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

type jsonlReader struct {
	sc   *bufio.Scanner
	line int
}

func newJSONLReader(r io.Reader) *jsonlReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), socialcrm.MaxMentionBytes+1)
	return &jsonlReader{sc: sc}
}

func (r *jsonlReader) next() (*socialcrm.Mention, error) {
	if !r.sc.Scan() {
		if err := r.sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return nil, fmt.Errorf("replay: line %d: longer than %d bytes", r.line+1, socialcrm.MaxMentionBytes)
			}
			return nil, err
		}
		return nil, io.EOF
	}
	r.line++
	b := r.sc.Bytes()
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, fmt.Errorf("replay: line %d: empty", r.line)
	}
	m, err := socialcrm.DecodeMention(b)
	if err != nil {
		return nil, fmt.Errorf("replay: line %d: %w", r.line, err)
	}
	return m, nil
}

// csvReader reads a CSV file whose header names mention fields: id,
// source, brand, author_id, author_handle (or author), author_name,
// followers, text, lang, kind, parent_id, target, place, url, created_at
// (RFC 3339 or Unix seconds), deleted. Other columns go to extra.
type csvReader struct {
	r    *csv.Reader
	cols []string
	line int
}

func newCSVReader(r io.Reader) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		return nil, socialcrm.Invalidf("replay: CSV header: %v", err)
	}
	cols := make([]string, len(head))
	has := map[string]bool{}
	for i, h := range head {
		cols[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		has[cols[i]] = true
	}
	if !has["text"] || !has["created_at"] || !(has["author_id"] || has["author_handle"] || has["author"]) {
		return nil, socialcrm.Invalidf("replay: CSV header %q needs text, created_at and author_handle (or author_id)", head)
	}
	return &csvReader{r: cr, cols: cols, line: 1}, nil
}

func (r *csvReader) next() (*socialcrm.Mention, error) {
	rec, err := r.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	r.line++
	if err != nil {
		return nil, socialcrm.Invalidf("replay: line %d: %v", r.line, err)
	}
	if len(rec) != len(r.cols) {
		return nil, socialcrm.Invalidf("replay: line %d: %d fields, the header has %d", r.line, len(rec), len(r.cols))
	}
	m := &socialcrm.Mention{V: socialcrm.SchemaVersion}
	for i, v := range rec {
		if err := set(m, r.cols[i], v); err != nil {
			return nil, socialcrm.Invalidf("replay: line %d: %s: %v", r.line, r.cols[i], err)
		}
	}
	if m.Source == "" {
		m.Source = Name
	}
	if m.ID == "" {
		sum := sha256.Sum256([]byte(m.Author.Handle + "\x00" + m.Author.ID + "\x00" + m.CreatedAt.String() + "\x00" + m.Text))
		m.ID = m.Source + ":" + hex.EncodeToString(sum[:10])
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("replay: line %d: %w", r.line, err)
	}
	return m, nil
}

func set(m *socialcrm.Mention, col, v string) error {
	var err error
	switch col {
	case "id":
		m.ID = v
	case "source":
		m.Source = v
	case "brand":
		m.Brand = v
	case "author_id":
		m.Author.ID = v
	case "author_handle", "author":
		m.Author.Handle = v
	case "author_name":
		m.Author.Name = v
	case "followers":
		if v != "" {
			m.Author.Followers, err = strconv.Atoi(v)
		}
	case "text":
		m.Text = v
	case "lang":
		m.Lang = v
	case "kind":
		m.Kind = socialcrm.InteractionKind(v)
	case "parent_id":
		m.ParentID = v
	case "target":
		m.Target = v
	case "place":
		m.Place = v
	case "url":
		m.URL = v
	case "created_at":
		m.CreatedAt, err = parseTime(v)
	case "deleted":
		if v != "" {
			m.Deleted, err = strconv.ParseBool(v)
		}
	default:
		if v != "" {
			if m.Extra == nil {
				m.Extra = socialcrm.RawFields{}
			}
			b, _ := json.Marshal(v)
			m.Extra[col] = b
		}
	}
	return err
}

func parseTime(v string) (time.Time, error) {
	if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(sec, 0).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time or Unix seconds", v)
}
