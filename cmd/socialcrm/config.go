package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/kafka"
)

// appConfig configures demo and serve.
type appConfig struct {
	Command     string // the command run: demo, serve or pipeline
	Demo        bool
	Addr        string
	HTTP        httpConfig
	BrokerAddr  string // embedded broker (demo without KAFKA_BROKERS)
	Brokers     string // comma-separated external brokers
	DatabaseURL string
	Partitions  int
	Model       string
	Lang        langConfig

	Rate       float64 // synthetic mentions per second (demo)
	BurstEvery time.Duration

	CollectConfig string
	IngestSecret  string

	AlertConfig        string
	AlertWindow        time.Duration
	AlertWebhookURL    string
	AlertWebhookSecret string
	SlackWebhookURL    string
	AlertmanagerURL    string
	SMTPAddr           string
	SMTPFrom           string
	SMTPTo             string
	PublicURL          string

	CaseSLA          string
	SLAConfig        string
	CaseContactsOnly bool
	LeadsOff         string // brands and source:NAMEs whose mentions make no leads

	PipelineConfig string             // YAML file of the pipeline's stages
	FXRates        string             // YAML file of exchange rates
	stages         socialcrm.Stages   // read from PipelineConfig by validate
	fx             *socialcrm.FXRates // read from FXRates by validate

	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	// AdminEmail and AdminPassword create the first admin when the store
	// has no user; only from the environment, never a flag.
	AdminEmail    string
	AdminPassword string
	OIDC          oidcFlags
	Retention     retentionFlags

	GraphSnapshotEvery time.Duration
	DrainTimeout       time.Duration
	BrokerData         string // embedded broker's data directory; "" keeps it in memory
	BrokerFsync        bool
	graph              func() (graph.Config, error)
	LogFormat          string
	LogLevel           string
}

// bind defines the flags of demo (demo=true) or serve on fs.
func (c *appConfig) bind(fs *flagSet, demo bool) {
	c.Demo, c.Command = demo, "serve"
	if demo {
		c.Command = "demo"
		fs.stringVar(&c.BrokerAddr, "broker", "SOCIALCRM_BROKER_ADDR", kafka.DefaultBrokerAddr,
			"address of the embedded Kafka-protocol broker (not started when KAFKA_BROKERS is set)")
		fs.stringVar(&c.BrokerData, "broker-data", "SOCIALCRM_BROKER_DATA", "",
			"directory of the embedded broker's log and committed offsets: a crash or a restart then loses nothing it acknowledged (empty: memory only)")
		fs.boolVar(&c.BrokerFsync, "broker-fsync", "SOCIALCRM_BROKER_FSYNC", false,
			"fsync the embedded broker's log on every batch, so that acknowledged mentions survive a power cut too (slower)")
		fs.float64Var(&c.Rate, "rate", "SOCIALCRM_DEMO_RATE", 25, "synthetic mentions per second")
		fs.durationVar(&c.BurstEvery, "burst-every", "SOCIALCRM_DEMO_BURST_EVERY", 20*time.Minute,
			"start a synthetic complaint burst for a random brand this often (0 = never)")
	}
	c.bindConn(fs, "127.0.0.1:8080", "HTTP listen address (:8080 for every interface)")
	c.bindModel(fs)
	fs.stringVar(&c.CollectConfig, "collect-config", "SOCIALCRM_COLLECT_CONFIG", "",
		"YAML file of real sources and tracking rules to collect from (see collectors/README.md)")
	c.bindIngest(fs)
	c.bindAlertConfig(fs, demo)
	c.bindNotifiers(fs)
	c.bindPublicURL(fs)
	c.bindCases(fs)
	c.bindSales(fs)
	c.Retention.bind(fs)
	fs.durationVar(&c.GraphSnapshotEvery, "graph-snapshot-every", "SOCIALCRM_GRAPH_SNAPSHOT_EVERY", 30*time.Second,
		"how often the relationship graph is saved to the store")
	c.bindDrain(fs)
	c.bindAuth(fs)
	c.graph = graphFlags(fs)
	c.bindLog(fs)
}

// bindConn defines the listen address and HTTP bounds, the brokers, the
// database and the partitions of topics created at start.
func (c *appConfig) bindConn(fs *flagSet, addr, addrUsage string) {
	fs.stringVar(&c.Addr, "addr", "SOCIALCRM_ADDR", addr, addrUsage)
	c.HTTP.bind(fs)
	fs.stringVar(&c.Brokers, "kafka-brokers", "KAFKA_BROKERS", "", "comma-separated Kafka bootstrap brokers")
	fs.stringVar(&c.DatabaseURL, "database-url", "DATABASE_URL", "",
		"Postgres connection URL (demo without it keeps data in memory)")
	fs.intVar(&c.Partitions, "partitions", "SOCIALCRM_PARTITIONS", kafka.DefaultPartitions,
		"partitions of the topics created at start (more partitions, more parallel pipeline workers)")
}

// bindModel defines the sentiment model and the language flags.
func (c *appConfig) bindModel(fs *flagSet) {
	fs.stringVar(&c.Model, "model", "SOCIALCRM_MODEL", "auto",
		"sentiment model: auto (by language: English, Italian), en, it or vader")
	c.Lang.bind(fs)
}

func (c *appConfig) bindIngest(fs *flagSet) {
	fs.stringVar(&c.IngestSecret, "ingest-secret", "SOCIALCRM_INGEST_SECRET", "",
		"HMAC secret of POST /api/v1/ingest (the endpoint is off without it)")
}

// bindAlertConfig defines the spike detector's settings.
func (c *appConfig) bindAlertConfig(fs *flagSet, demo bool) {
	fs.stringVar(&c.AlertConfig, "alert-config", "SOCIALCRM_ALERT_CONFIG", "",
		"YAML file of spike detector parameters, per-brand overrides and VIP thresholds (see alerts/README.md)")
	window := "5m"
	if demo {
		window = "1m, so that a demo burst shows within a minute"
	}
	fs.durationVar(&c.AlertWindow, "alert-window", "SOCIALCRM_ALERT_WINDOW", 0,
		"width of the alert counting windows, over --alert-config (default "+window+")")
}

// bindNotifiers defines where alerts are sent.
func (c *appConfig) bindNotifiers(fs *flagSet) {
	fs.stringVar(&c.AlertWebhookURL, "alert-webhook-url", "SOCIALCRM_ALERT_WEBHOOK_URL", "", "send alerts as signed JSON to this URL")
	fs.stringVar(&c.AlertWebhookSecret, "alert-webhook-secret", "SOCIALCRM_ALERT_WEBHOOK_SECRET", "", "HMAC-SHA256 secret of the alert webhook")
	fs.stringVar(&c.SlackWebhookURL, "slack-webhook-url", "SOCIALCRM_SLACK_WEBHOOK_URL", "", "Slack incoming-webhook URL for alerts")
	fs.stringVar(&c.AlertmanagerURL, "alertmanager-url", "SOCIALCRM_ALERTMANAGER_URL", "", "Prometheus Alertmanager base URL for alerts")
	fs.stringVar(&c.SMTPAddr, "smtp-addr", "SOCIALCRM_SMTP_ADDR", "", "SMTP server host:port for alert email")
	fs.stringVar(&c.SMTPFrom, "smtp-from", "SOCIALCRM_SMTP_FROM", "", "sender of alert email")
	fs.stringVar(&c.SMTPTo, "smtp-to", "SOCIALCRM_SMTP_TO", "", "comma-separated recipients of alert email")
}

func (c *appConfig) bindPublicURL(fs *flagSet) {
	fs.stringVar(&c.PublicURL, "public-url", "SOCIALCRM_PUBLIC_URL", "", "the dashboard's URL as users reach it, for links in alerts (default: from --addr)")
}

// bindCases defines the case opener's settings.
func (c *appConfig) bindCases(fs *flagSet) {
	fs.stringVar(&c.CaseSLA, "case-sla", "SOCIALCRM_CASE_SLA", "",
		"service-level times of cases per channel over the defaults (x=1h, mastodon=4h, bluesky=4h, reddit=8h, webhook=8h, default=24h), e.g. x=30m,reddit=12h,default=2d")
	fs.stringVar(&c.SLAConfig, "sla-config", "SOCIALCRM_SLA_CONFIG", "",
		"YAML file of business-hours calendars and ordered SLA policies (see docs/sla.md); cases no policy matches keep --case-sla")
	fs.boolVar(&c.CaseContactsOnly, "case-contacts-only", "SOCIALCRM_CASE_CONTACTS_ONLY", false,
		"open cases for CRM contacts only, not for every question or complaint addressed to a brand")
	fs.stringVar(&c.LeadsOff, "leads-off", "SOCIALCRM_LEADS_OFF", "",
		"brands, and sources as source:NAME, whose mentions make no leads (sources without consent to contact), e.g. acme,source:webhook")
}

// bindSales defines the pipeline's stages and the exchange rates of
// account values.
func (c *appConfig) bindSales(fs *flagSet) {
	fs.stringVar(&c.PipelineConfig, "pipeline-config", "SOCIALCRM_PIPELINE_CONFIG", "",
		"YAML file of the sales pipeline's stages: names in order, probabilities, which are won and lost (see docs/funnel.md; default prospecting, qualification, proposal, negotiation, won, lost); read again on SIGHUP, an invalid file keeping the one in force")
	fs.stringVar(&c.FXRates, "fx-rates", "SOCIALCRM_FX_RATES", "",
		"YAML file of exchange rates to a base currency, so that a deal won in another currency adds its converted amount to the account's value (see docs/funnel.md; without it such a win is refused); read again on SIGHUP, an invalid file keeping the one in force")
}

// readSales reads --pipeline-config and --fx-rates.
func (c *appConfig) readSales() error {
	var errs []error
	if c.PipelineConfig != "" {
		p, err := crm.ReadPipeline(c.PipelineConfig)
		if err != nil {
			errs = append(errs, fmt.Errorf("--pipeline-config: %w", err))
		}
		c.stages = p
	}
	if c.FXRates != "" {
		r, err := crm.ReadFXRates(c.FXRates)
		if err != nil {
			errs = append(errs, fmt.Errorf("--fx-rates: %w", err))
		}
		c.fx = r
	}
	return errors.Join(errs...)
}

func (c *appConfig) bindDrain(fs *flagSet) {
	fs.durationVar(&c.DrainTimeout, "drain-timeout", "SOCIALCRM_DRAIN_TIMEOUT", 20*time.Second,
		"at shutdown, how long to wait for the pipeline and the case and alert reader to catch up, once collectors have stopped")
}

func (c *appConfig) bindLog(fs *flagSet) {
	fs.stringVar(&c.LogFormat, "log-format", "SOCIALCRM_LOG_FORMAT", "text", "log format: text or json")
	fs.stringVar(&c.LogLevel, "log-level", "SOCIALCRM_LOG_LEVEL", "info", "log level: debug, info, warn or error")
}

// brokers returns the external broker list, or nil.
func (c *appConfig) brokers() []string { return splitList(c.Brokers) }

// publicURL is the service's address in links sent out with alerts.
func (c *appConfig) publicURL() string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	host := c.Addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	return "http://" + host
}

func (c *appConfig) validate() error {
	var errs []error
	if !c.Demo && len(c.brokers()) == 0 {
		errs = append(errs, fmt.Errorf("%s needs KAFKA_BROKERS (or --kafka-brokers); use demo for the embedded broker", c.Command))
	}
	if !c.Demo && c.DatabaseURL == "" {
		errs = append(errs, fmt.Errorf("%s needs DATABASE_URL (or --database-url)", c.Command))
	}
	errs = append(errs, checkAddr("--addr", c.Addr), c.HTTP.validate())
	if c.Demo && len(c.brokers()) == 0 && c.BrokerAddr != "" {
		errs = append(errs, checkAddr("--broker", c.BrokerAddr))
	}
	if c.BurstEvery < 0 {
		errs = append(errs, fmt.Errorf("--burst-every %s: want a positive duration, or 0 for never", c.BurstEvery))
	}
	if err := checkPublicURL(c.PublicURL); err != nil {
		errs = append(errs, err)
	}
	if c.Partitions < 1 || c.Partitions > 256 {
		errs = append(errs, fmt.Errorf("--partitions %d: want 1 to 256", c.Partitions))
	}
	if c.Demo && (c.Rate < 0 || c.Rate > 100000) {
		errs = append(errs, fmt.Errorf("--rate %g: want 0 to 100000 mentions per second", c.Rate))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if c.AlertWindow < 0 {
		errs = append(errs, fmt.Errorf("--alert-window %s: want a positive duration", c.AlertWindow))
	}
	if _, err := c.Lang.language(); err != nil {
		errs = append(errs, err)
	}
	if c.DrainTimeout < 0 {
		errs = append(errs, fmt.Errorf("--drain-timeout %s: want 0 or more", c.DrainTimeout))
	}
	if err := c.Retention.validate(); err != nil {
		errs = append(errs, err)
	}
	if c.GraphSnapshotEvery < time.Second {
		errs = append(errs, fmt.Errorf("--graph-snapshot-every %s: want at least 1s", c.GraphSnapshotEvery))
	}
	errs = append(errs, c.readSales())
	return errors.Join(errs...)
}

// checkAddr checks a host:port listen address before it is used, so that
// a malformed one is not mistaken for a busy port.
func checkAddr(flag, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s %q: want host:port, such as 127.0.0.1:8080 or :8080", flag, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%s %q: port %q is not a number from 0 to 65535", flag, addr, port)
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /:@") {
		return fmt.Errorf("%s %q: host %q is not an IP address or name", flag, addr, host)
	}
	return nil
}

// checkPublicURL checks --public-url: an absolute http or https URL.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--public-url %q: want an absolute http:// or https:// URL, such as https://crm.example.com", s)
	}
	return nil
}

// listenHint explains a failed listen on addr: a busy port hints at
// another instance; other errors speak for themselves.
func listenHint(err error, flag string) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Sprintf(" (port busy: another socialcrm running? use %s 127.0.0.1:0 for a free port)", flag)
	}
	return ""
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// logger returns the process logger as configured.
func (c *appConfig) logger(w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
