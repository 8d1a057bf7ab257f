// Package deps pins the module's dependencies while the packages that use
// them are written. Delete it once every dependency has a real importer.
package deps

import (
	_ "github.com/abadojack/whatlanggo"
	_ "github.com/chromedp/chromedp"
	_ "github.com/coder/websocket"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jdkato/prose/v2"
	_ "github.com/jonreiter/govader"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/segmentio/kafka-go"
	_ "github.com/twmb/franz-go/pkg/kfake"
	_ "golang.org/x/sync/errgroup"
	_ "gonum.org/v1/gonum/graph/community"
	_ "gopkg.in/yaml.v3"
)
