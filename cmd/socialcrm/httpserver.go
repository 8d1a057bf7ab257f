package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/net/netutil"

	"github.com/socialcrm/socialcrm/web"
)

// httpConfig bounds the HTTP server: how long a client may take, how many
// connect at once, and where /metrics is served.
type httpConfig struct {
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	MaxConns     int
	MetricsAddr  string
}

// maxHeaderBytes bounds a request's header block.
const maxHeaderBytes = 64 << 10

// bind defines the HTTP server flags on fs.
func (c *httpConfig) bind(fs *flagSet) {
	fs.durationVar(&c.ReadTimeout, "http-read-timeout", "SOCIALCRM_HTTP_READ_TIMEOUT", 30*time.Second,
		"longest time a client may take to send a whole request, body included")
	fs.durationVar(&c.WriteTimeout, "http-write-timeout", "SOCIALCRM_HTTP_WRITE_TIMEOUT", time.Minute,
		"longest time to write a response (the event stream extends its own)")
	fs.durationVar(&c.IdleTimeout, "http-idle-timeout", "SOCIALCRM_HTTP_IDLE_TIMEOUT", 2*time.Minute,
		"how long an idle keep-alive connection is kept")
	fs.intVar(&c.MaxConns, "http-max-conns", "SOCIALCRM_HTTP_MAX_CONNS", 1024,
		"most client connections served at once; more wait to be accepted")
	fs.stringVar(&c.MetricsAddr, "metrics-addr", "SOCIALCRM_METRICS_ADDR", "",
		"serve /metrics on this separate address instead of --addr, such as :9464")
}

func (c *httpConfig) validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--http-read-timeout", c.ReadTimeout}, {"--http-write-timeout", c.WriteTimeout}, {"--http-idle-timeout", c.IdleTimeout}} {
		if d.v < 100*time.Millisecond {
			return fmt.Errorf("%s %s: want at least 100ms", d.name, d.v)
		}
	}
	if c.MaxConns < 1 {
		return fmt.Errorf("--http-max-conns %d: want at least 1", c.MaxConns)
	}
	if c.MetricsAddr != "" {
		return checkAddr("--metrics-addr", c.MetricsAddr)
	}
	return nil
}

// listen listens on addr, accepting at most MaxConns connections at once.
func (c *httpConfig) listen(addr, flag string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("http: listen on %s: %w%s", addr, err, listenHint(err, flag))
	}
	return netutil.LimitListener(ln, c.MaxConns), nil
}

// server returns an HTTP server of h with the configured bounds.
func (c *httpConfig) server(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: min(10*time.Second, c.ReadTimeout),
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// guardHosts wraps h with a Host allow-list when ln is on a loopback
// address, against DNS rebinding: localhost, 127.0.0.1 and [::1] with the
// port, and publicURL's host.
func guardHosts(h http.Handler, ln net.Listener, publicURL string) http.Handler {
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !addr.IP.IsLoopback() {
		return h
	}
	hosts := web.LoopbackHosts(fmt.Sprint(addr.Port))
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
		hosts = append(hosts, u.Host)
	}
	return web.AllowHosts(h, hosts...)
}

// listenHTTP listens on --addr for h, and on --metrics-addr, when set,
// for /metrics alone.
func (a *app) listenHTTP(h http.Handler) error {
	c := &a.conf.HTTP
	ln, err := c.listen(a.conf.Addr, "--addr")
	if err != nil {
		return err
	}
	a.ln, a.http = ln, c.server(guardHosts(h, ln, a.conf.PublicURL), a.log)
	if c.MetricsAddr == "" {
		return nil
	}
	mln, err := c.listen(c.MetricsAddr, "--metrics-addr")
	if err != nil {
		ln.Close()
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.reg, promhttp.HandlerOpts{}))
	a.mln, a.metrics = mln, c.server(mux, a.log)
	return nil
}
