// Package hackernews polls the Hacker News search API (Algolia,
// search_by_date) for stories and comments that match the configured
// queries, newest first, resuming from the last creation time seen.
package hackernews

import (
	"cmp"
	"context"
	"encoding/json"
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
	MaxPages int           `yaml:"max_pages"` // per poll; default 10 of 100
}

// Hit is one search result.
type Hit struct {
	ObjectID    string            `json:"objectID"`
	CreatedAt   string            `json:"created_at"`
	CreatedAtI  int64             `json:"created_at_i"`
	Author      string            `json:"author"`
	Title       string            `json:"title"`
	URL         string            `json:"url"`
	StoryText   string            `json:"story_text"`
	CommentText string            `json:"comment_text"`
	StoryID     collectors.FlexID `json:"story_id"` // numbers; null for stories
	ParentID    collectors.FlexID `json:"parent_id"`
	Points      *int              `json:"points"`
	Tags        []string          `json:"_tags"`
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
		cfg.MaxPages = 10
	}
	return &Collector{cfg: cfg, deps: deps}, nil
}

// Name returns "hackernews".
func (c *Collector) Name() string { return Source }

// Collect polls every query until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, q := range c.cfg.Queries {
		p := &poller{c: c, query: q, emit: emit, cursor: c.deps.Cursor("hackernews:" + q), seen: collectors.NewSeen(collectors.DefaultSeen)}
		g.Go(func() error { return p.run(ctx) })
	}
	return g.Wait()
}

type poller struct {
	c      *Collector
	query  string
	emit   collectors.Emit
	cursor *collectors.Cursor
	seen   *collectors.Seen
	state  cursorState
}

// cursorState is the floor (the newest creation time handed on and the
// ids created at that second) and the walk in progress: the page being
// read, the hits of it handed on and the newest hit met, saved after each
// hit so that an error or a restart resumes at that page, never at page 0.
type cursorState struct {
	CreatedI int64    `json:"created_at_i"`
	IDs      []string `json:"ids"`
	Walk     *walk    `json:"walk,omitempty"`
}

type walk struct {
	Page    int      `json:"page"`
	PageIDs []string `json:"page_ids,omitempty"`
	Top     int64    `json:"top"`
	TopIDs  []string `json:"top_ids,omitempty"`
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
			if err := p.poll(ctx, r); err != nil {
				return err
			}
			if err := p.c.deps.Policy.Wait(ctx, p.c.cfg.Interval); err != nil {
				return nil
			}
		}
	})
}

// poll walks the hits created since the floor, newest first, page by
// page, handing each page on as it arrives. It stops at an empty page
// (the recorded nbPages may be stale), after MaxPages, or after the first
// page without a floor.
func (p *poller) poll(ctx context.Context, r *backoff.Retrier) error {
	if p.state.Walk == nil {
		p.state.Walk = &walk{}
	}
	for {
		w := p.state.Walk
		res, err := p.fetch(ctx, w.Page)
		if err != nil {
			return err
		}
		r.Success()
		slices.SortStableFunc(res.Hits, func(a, b Hit) int { return cmp.Compare(a.CreatedAtI, b.CreatedAtI) })
		for i := range res.Hits { // oldest first within the page
			if err := p.hand(ctx, &res.Hits[i]); err != nil {
				return err
			}
		}
		w.Page, w.PageIDs = w.Page+1, nil
		if len(res.Hits) == 0 || w.Page >= p.c.cfg.MaxPages || p.state.CreatedI == 0 {
			if w.Top > p.state.CreatedI {
				p.state.CreatedI, p.state.IDs = w.Top, w.TopIDs
			}
			p.state.Walk = nil
			return p.cursor.Save(ctx, p.state)
		}
		if err := p.cursor.Save(ctx, p.state); err != nil {
			return err
		}
	}
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

// hand emits one hit unless it is malformed, older than the floor or
// handed on already, and notes it in the walk.
func (p *poller) hand(ctx context.Context, h *Hit) error {
	met := p.c.deps.Metrics
	met.Received(Source)
	if h.ObjectID == "" || h.CreatedAtI == 0 {
		met.Dropped(Source, collectors.DropMalformed)
		return nil
	}
	w := p.state.Walk
	if h.CreatedAtI < p.state.CreatedI || h.CreatedAtI == p.state.CreatedI && slices.Contains(p.state.IDs, h.ObjectID) ||
		slices.Contains(w.PageIDs, h.ObjectID) || !p.seen.Add(h.ObjectID) {
		met.Dropped(Source, collectors.DropDuplicate)
		return nil
	}
	if err := p.emit(ctx, mention(h)); err != nil {
		return backoff.Permanent(err)
	}
	w.PageIDs = append(w.PageIDs, h.ObjectID)
	switch {
	case h.CreatedAtI > w.Top:
		w.Top, w.TopIDs = h.CreatedAtI, []string{h.ObjectID}
	case h.CreatedAtI == w.Top:
		w.TopIDs = append(w.TopIDs, h.ObjectID)
	}
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
		if h.ParentID != "" {
			m.ParentID = "hackernews:" + h.ParentID.String()
			if h.StoryID == h.ParentID {
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
