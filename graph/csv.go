package graph

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// BadRow is an input row that could not be used, with its 1-based line.
type BadRow struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// ReadResult counts what ReadEdges read.
type ReadResult struct {
	Rows    int      `json:"rows"`     // interactions added
	Bad     int      `json:"bad_rows"` // rows skipped
	BadRows []BadRow `json:"bad_row_examples,omitempty"`
}

// maxBadExamples is how many bad rows ReadEdges reports by line.
const maxBadExamples = 10

// kindAliases maps the interaction names found in exported data sets to
// kinds.
var kindAliases = map[string]socialcrm.InteractionKind{
	"share": socialcrm.KindShare, "shares": socialcrm.KindShare, "shared": socialcrm.KindShare,
	"retweet": socialcrm.KindShare, "retweets": socialcrm.KindShare, "retweeted": socialcrm.KindShare, "rt": socialcrm.KindShare,
	"reblog": socialcrm.KindShare, "repost": socialcrm.KindShare, "boost": socialcrm.KindShare,
	"mention": socialcrm.KindMention, "mentions": socialcrm.KindMention, "mentioned": socialcrm.KindMention, "mt": socialcrm.KindMention,
	"reply": socialcrm.KindReply, "replies": socialcrm.KindReply, "replied": socialcrm.KindReply, "re": socialcrm.KindReply,
	"quote": socialcrm.KindQuote, "quotes": socialcrm.KindQuote, "quoted": socialcrm.KindQuote, "qt": socialcrm.KindQuote,
	"like": socialcrm.KindLike, "likes": socialcrm.KindLike, "liked": socialcrm.KindLike, "fav": socialcrm.KindLike,
	"favorite": socialcrm.KindLike, "favourite": socialcrm.KindLike, "reaction": socialcrm.KindLike, "upvote": socialcrm.KindLike,
	"follow": socialcrm.KindFollow, "follows": socialcrm.KindFollow, "followed": socialcrm.KindFollow,
	"comment": socialcrm.KindComment, "comments": socialcrm.KindComment, "commented": socialcrm.KindComment,
	"post": socialcrm.KindPost, "checkin": socialcrm.KindCheckin, "pin": socialcrm.KindPin,
}

// ParseKind maps an interaction name (kind or common alias such as
// retweet, RT, favourite) to its kind.
func ParseKind(s string) (socialcrm.InteractionKind, error) {
	if k, ok := kindAliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return k, nil
	}
	return "", socialcrm.Invalidf("unknown interaction kind %q", s)
}

// ParseTime reads RFC 3339 (or "2006-01-02 15:04:05", or a date) or Unix
// seconds; numbers above 1e11 are taken as milliseconds.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		if math.Abs(f) > 1e11 {
			f /= 1000
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, socialcrm.Invalidf("bad timestamp %q (want RFC 3339 or Unix seconds)", s)
}

// parseRow reads one source,target,timestamp,kind record.
func parseRow(fs []string) (socialcrm.Interaction, error) {
	at, err := ParseTime(fs[2])
	if err != nil {
		return socialcrm.Interaction{}, err
	}
	k, err := ParseKind(fs[3])
	if err != nil {
		return socialcrm.Interaction{}, err
	}
	in := socialcrm.Interaction{V: socialcrm.SchemaVersion, From: strings.TrimSpace(fs[0]), To: strings.TrimSpace(fs[1]), Kind: k, At: at}
	if _, err := check(&in); err != nil {
		return in, err
	}
	return in, nil
}

// isHeader reports whether a first record that failed to parse is a header.
func isHeader(rec []string) bool {
	l := strings.ToLower(strings.Join(rec, ","))
	return strings.Contains(l, "source") || strings.Contains(l, "target") || strings.Contains(l, "time") || strings.Contains(l, "kind")
}

// ReadEdges reads CSV records source,target,timestamp,kind from r (RFC
// 4180, exactly 4 fields, lines starting with # skipped), plain or
// gzip-compressed (told by its magic bytes), and adds them to g. Bad rows
// are counted, the first few reported by line; they do not stop the read.
// progress, when not nil, is called every 100,000 rows.
func ReadEdges(ctx context.Context, r io.Reader, g *Graph, progress func(rows int)) (ReadResult, error) {
	var res ReadResult
	br := bufio.NewReaderSize(r, 1<<20)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return res, fmt.Errorf("graph: read edges: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = 4
	cr.Comment = '#'
	cr.ReuseRecord = true
	batch := make([]socialcrm.Interaction, 0, 4096)
	flush := func() error {
		err := g.Add(batch...) // rows were checked: nothing is rejected here
		batch = batch[:0]
		return err
	}
	bad := func(line int, err error) {
		res.Bad++
		if len(res.BadRows) < maxBadExamples {
			res.BadRows = append(res.BadRows, BadRow{Line: line, Error: err.Error()})
		}
	}
	for seen := 1; ; seen++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			if !errors.Is(perr.Err, csv.ErrFieldCount) && !errors.Is(perr.Err, csv.ErrQuote) && !errors.Is(perr.Err, csv.ErrBareQuote) {
				return res, fmt.Errorf("graph: read edges line %d: %w", perr.Line, err)
			}
			if errors.Is(perr.Err, csv.ErrFieldCount) {
				err = socialcrm.Invalidf("want 4 fields source,target,timestamp,kind, got %d", len(rec))
			} else {
				err = socialcrm.Invalidf("%v", perr.Err)
			}
			bad(perr.StartLine, err)
			continue
		}
		if err != nil {
			return res, fmt.Errorf("graph: read edges: %w", err)
		}
		line, _ := cr.FieldPos(0) // only for a record read without error
		in, err := parseRow(rec)
		if err != nil {
			if seen == 1 && isHeader(rec) {
				continue
			}
			bad(line, err)
			continue
		}
		if batch = append(batch, in); len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return res, err
			}
			if err := ctx.Err(); err != nil {
				return res, err
			}
		}
		if res.Rows++; progress != nil && res.Rows%100_000 == 0 {
			progress(res.Rows)
		}
	}
	return res, flush()
}
