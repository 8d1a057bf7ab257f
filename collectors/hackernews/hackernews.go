// Package hackernews polls the Hacker News search API (Algolia,
// search_by_date) for stories and comments that match the configured
// queries, newest first, resuming from the last creation time seen.
package hackernews

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// Source is the mention source name.
const Source = "hackernews"

// Config configures the collector.
type Config struct {
	BaseURL  string        `yaml:"base_url"` // default https://hn.algolia.com/api/v1
	Queries  []string      `yaml:"queries"`
	Tags     string        `yaml:"tags"`      // default (story,comment)
	Interval time.Duration `yaml:"interval"`  // default 2m
	MaxPages int           `yaml:"max_pages"` // per poll; default 5 of 100
}

// Hit is one search result.
type Hit struct {
	ObjectID    string   `json:"objectID"`
	CreatedAt   string   `json:"created_at"`
	CreatedAtI  int64    `json:"created_at_i"`
	Author      string   `json:"author"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	StoryText   string   `json:"story_text"`
	CommentText string   `json:"comment_text"`
	StoryID     *int64   `json:"story_id"`
	ParentID    *int64   `json:"parent_id"`
	Points      *int     `json:"points"`
	Tags        []string `json:"_tags"`
}

// Result is a search response.
type Result struct {
	Hits        []Hit `json:"hits"`
	NbHits      int   `json:"nbHits"`
	Page        int   `json:"page"`
	NbPages     int   `json:"nbPages"`
	HitsPerPage int   `json:"hitsPerPage"`
}

// Collector polls the search API.
type Collector struct {
	cfg  Config
	deps collectors.Deps
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://hn.algolia.com/api/v1"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if u, err := url.Parse(cfg.BaseURL); err != nil || u.Host == "" {
		return nil, socialcrm.Invalidf("hackernews: base_url %q must be an http(s) URL", cfg.BaseURL)
	}
	if len(cfg.Queries) == 0 {
		return nil, socialcrm.Invalidf("hackernews: no queries configured")
	}
	if cfg.Tags == "" {
		cfg.Tags = "(story,comment)"
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 2 * time.Minute
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 5
	}
	return &Collector{cfg: cfg, deps: deps}, nil
}

// Name returns "hackernews".
func (c *Collector) Name() string { return Source }

// Collect polls every query until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, q := range c.cfg.Queries {
		p := &poller{c: c, query: q, emit: emit, cursor: c.deps.Cursor("hackernews:" + q)}
		g.Go(func() error { return p.run(ctx) })
	}
	return g.Wait()
}

type poller struct {
	c      *Collector
	query  string
	emit   collectors.Emit
	cursor *collectors.Cursor
	state  cursorState
}

type cursorState struct {
	CreatedI int64    `json:"created_at_i"`
	IDs      []string `json:"ids"`
}

func (p *poller) run(ctx context.Context) error {
	if _, err := p.cursor.Load(ctx, &p.state); err != nil {
		return err
	}
	if p.state.CreatedI == 0 && !p.c.deps.Since.IsZero() {
		p.state.CreatedI = p.c.deps.Since.Unix()
	}
	r := p.c.deps.Retrier(Source, p.query)
	return r.Run(ctx, func(ctx context.Context) error {
		for {
			if err := p.poll(ctx); err != nil {
				return err
			}
			r.Success()
			if err := p.c.deps.Policy.Wait(ctx, p.c.cfg.Interval); err != nil {
				return nil
			}
		}
	})
}

// poll reads the pages of hits created since the cursor and emits the new
// ones oldest first.
func (p *poller) poll(ctx context.Context) error {
	var fresh []Hit
	for page := 0; page < p.c.cfg.MaxPages; page++ {
		res, err := p.fetch(ctx, page)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			p.c.deps.Metrics.Received(Source)
			if h.ObjectID == "" || h.CreatedAtI == 0 {
				p.c.deps.Metrics.Dropped(Source, collectors.DropMalformed)
				continue
			}
			if h.CreatedAtI < p.state.CreatedI ||
				h.CreatedAtI == p.state.CreatedI && slices.Contains(p.state.IDs, h.ObjectID) {
				p.c.deps.Metrics.Dropped(Source, collectors.DropDuplicate)
				continue
			}
			fresh = append(fresh, h)
		}
		if page+1 >= res.NbPages || p.state.CreatedI == 0 {
			break // without a cursor, the newest page only
		}
	}
	slices.SortStableFunc(fresh, func(a, b Hit) int {
		if a.CreatedAtI != b.CreatedAtI {
			return int(a.CreatedAtI - b.CreatedAtI)
		}
		return strings.Compare(a.ObjectID, b.ObjectID)
	})
	for i := range fresh {
		if err := p.hand(ctx, &fresh[i]); err != nil {
			return err
		}
	}
	return nil
}

func (p *poller) fetch(ctx context.Context, page int) (*Result, error) {
	q := url.Values{"query": {p.query}, "tags": {p.c.cfg.Tags}, "hitsPerPage": {"100"}, "page": {strconv.Itoa(page)}}
	if p.state.CreatedI > 0 {
		q.Set("numericFilters", "created_at_i>="+strconv.FormatInt(p.state.CreatedI, 10))
	}
	req, err := http.NewRequest(http.MethodGet, p.c.cfg.BaseURL+"/search_by_date?"+q.Encode(), nil)
	if err != nil {
		return nil, backoff.Permanent(err)
	}
	var res Result
	if _, err := collectors.GetJSON(ctx, p.c.deps.Client(), req, "hackernews: search "+p.query, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

func (p *poller) hand(ctx context.Context, h *Hit) error {
	if err := p.emit(ctx, mention(h)); err != nil {
		return backoff.Permanent(err)
	}
	if h.CreatedAtI > p.state.CreatedI {
		p.state = cursorState{CreatedI: h.CreatedAtI}
	}
	p.state.IDs = append(p.state.IDs, h.ObjectID)
	return p.cursor.Save(ctx, p.state)
}

// mention maps a hit: a story is a post, a comment on the story itself a
// comment, a comment on a comment a reply.
func mention(h *Hit) *socialcrm.Mention {
	m := &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "hackernews:" + h.ObjectID, Source: Source,
		Author: socialcrm.Author{Handle: h.Author}, CreatedAt: time.Unix(h.CreatedAtI, 0).UTC(),
		URL: "https://news.ycombinator.com/item?id=" + h.ObjectID, Lang: "", Kind: socialcrm.KindPost}
	if slices.Contains(h.Tags, "comment") {
		m.Text = collectors.HTMLText(h.CommentText)
		m.Kind = socialcrm.KindReply
		if h.ParentID != nil {
			m.ParentID = fmt.Sprintf("hackernews:%d", *h.ParentID)
			if h.StoryID != nil && *h.StoryID == *h.ParentID {
				m.Kind = socialcrm.KindComment
			}
		}
		return m
	}
	m.Text = strings.TrimSpace(h.Title + "\n" + collectors.HTMLText(h.StoryText))
	if h.URL != "" {
		b, _ := json.Marshal(h.URL)
		m.Extra = socialcrm.RawFields{"link": b}
	}
	return m
}
