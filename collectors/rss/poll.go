package rss

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

type poller struct {
	c      *Collector
	feed   Feed
	emit   collectors.Emit
	cursor *collectors.Cursor
	state  cursorState
}

// cursorState keeps the validators of the last response and the guids
// already handed on, oldest first.
type cursorState struct {
	ETag         string   `json:"etag,omitempty"`
	LastModified string   `json:"last_modified,omitempty"`
	Seen         []string `json:"seen"`
}

func (p *poller) run(ctx context.Context) error {
	if _, err := p.cursor.Load(ctx, &p.state); err != nil {
		return err
	}
	r := p.c.deps.Retrier(Source, p.feed.URL)
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

// poll fetches the feed unless unchanged and emits the items not seen yet,
// oldest first.
func (p *poller) poll(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.feed.URL, nil)
	if err != nil {
		return backoff.Permanent(err)
	}
	req.Header.Set("User-Agent", collectors.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8")
	if p.state.ETag != "" {
		req.Header.Set("If-None-Match", p.state.ETag)
	}
	if p.state.LastModified != "" {
		req.Header.Set("If-Modified-Since", p.state.LastModified)
	}
	resp, err := p.c.deps.Client().Do(req)
	if err != nil {
		return fmt.Errorf("rss: %s: %w", p.feed.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		return backoff.StatusError(resp, "rss: "+p.feed.URL, time.Minute)
	}
	feed, err := gofeed.NewParser().Parse(io.LimitReader(resp.Body, collectors.MaxResponseBytes))
	if err != nil {
		return fmt.Errorf("rss: %s: parse: %w", p.feed.URL, err)
	}
	items := slices.Clone(feed.Items)
	slices.SortStableFunc(items, func(a, b *gofeed.Item) int { return itemTime(a).Compare(itemTime(b)) })
	for _, it := range items {
		if err := p.item(ctx, feed, it); err != nil {
			return err
		}
	}
	p.state.ETag, p.state.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	return p.cursor.Save(ctx, p.state)
}

func (p *poller) item(ctx context.Context, feed *gofeed.Feed, it *gofeed.Item) error {
	met := p.c.deps.Metrics
	met.Received(Source)
	guid := guidOf(it)
	if guid == "" {
		met.Dropped(Source, collectors.DropMalformed)
		return nil
	}
	if slices.Contains(p.state.Seen, guid) {
		met.Dropped(Source, collectors.DropDuplicate)
		return nil
	}
	if err := p.emit(ctx, p.mention(feed, it, guid)); err != nil {
		return backoff.Permanent(err)
	}
	p.state.Seen = append(p.state.Seen, guid)
	if over := len(p.state.Seen) - p.c.cfg.MaxSeen; over > 0 {
		p.state.Seen = p.state.Seen[over:]
	}
	return p.cursor.Save(ctx, p.state)
}

// guidOf is the item's guid (RSS) or id (Atom), else its link, else a hash
// of its title and date; "" for an item with none of these.
func guidOf(it *gofeed.Item) string {
	switch {
	case it.GUID != "":
		return it.GUID
	case it.Link != "":
		return it.Link
	case it.Title != "":
		sum := sha256.Sum256([]byte(it.Title + "\x00" + it.Published))
		return "sha256:" + hex.EncodeToString(sum[:12])
	}
	return ""
}

func itemTime(it *gofeed.Item) time.Time {
	if it.PublishedParsed != nil {
		return *it.PublishedParsed
	}
	if it.UpdatedParsed != nil {
		return *it.UpdatedParsed
	}
	return time.Time{}
}

func (p *poller) mention(feed *gofeed.Feed, it *gofeed.Item, guid string) *socialcrm.Mention {
	host := ""
	if u, err := url.Parse(p.feed.URL); err == nil {
		host = u.Host
	}
	author := socialcrm.Author{ID: host, Name: feed.Title}
	if len(it.Authors) > 0 && it.Authors[0] != nil && it.Authors[0].Name != "" {
		author.Handle, author.Name = it.Authors[0].Name, it.Authors[0].Name
	}
	body := it.Description
	if body == "" {
		body = it.Content
	}
	at := itemTime(it)
	if at.IsZero() {
		at = p.c.deps.Clock()
	}
	return &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: Source + ":" + guid, Source: Source, Brand: p.feed.Brand,
		Author: author, Text: strings.TrimSpace(it.Title + "\n" + collectors.HTMLText(body)), Lang: langOf(feed.Language),
		Kind: socialcrm.KindPost, URL: it.Link, CreatedAt: at.UTC()}
}

// langOf turns "en-us" into "en".
func langOf(l string) string {
	l, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(l)), "-")
	return l
}
