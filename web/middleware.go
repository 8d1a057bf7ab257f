package web

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// MaxBodyBytes bounds every request body but ingest's (MaxIngestBytes);
// handlers bound theirs further.
const MaxBodyBytes = 1 << 20

// contentSecurityPolicy is sent with every response: scripts, styles and
// connections only from this origin, no framing.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// harden wraps the routed handler: security headers on every response,
// request bodies bounded, and every /api/ error answered as JSON, the
// router's 404 and 405 included.
func (s *Server) harden(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "same-origin")
		if r.Body != nil && r.URL.Path != "/api/v1/ingest" {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		jw := &jsonErrors{ResponseWriter: w, r: r}
		next.ServeHTTP(jw, r)
		jw.finish()
	})
}

// jsonErrors turns an error response that is not JSON (http.Error, the
// router's 404 and 405) into {"error": "..."}.
type jsonErrors struct {
	http.ResponseWriter
	r       *http.Request
	wrote   bool
	capture int // status of a captured error response, or 0
	body    []byte
}

func (w *jsonErrors) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		w.capture = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *jsonErrors) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.capture != 0 {
		if len(w.body) < 1024 {
			w.body = append(w.body, b...)
		}
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes and
// deadlines of the event stream).
func (w *jsonErrors) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *jsonErrors) finish() {
	if w.capture == 0 {
		return
	}
	msg := strings.TrimSpace(string(w.body))
	switch w.capture {
	case http.StatusNotFound:
		if msg == "404 page not found" {
			msg = fmt.Sprintf("no such endpoint: %s %s", w.r.Method, w.r.URL.Path)
		}
	case http.StatusMethodNotAllowed:
		msg = fmt.Sprintf("method %s not allowed on %s (allowed: %s)", w.r.Method, w.r.URL.Path, w.Header().Get("Allow"))
	}
	if msg == "" {
		msg = http.StatusText(w.capture)
	}
	w.Header().Del("Content-Length")
	writeJSON(w.ResponseWriter, w.capture, map[string]string{"error": msg})
}

// AllowHosts answers 421 to requests whose Host header is not one of
// hosts (compared case-insensitively, "host:port" or "host"). A service
// bound to loopback uses it against DNS rebinding: a page of another
// site whose name resolves to 127.0.0.1 still sends its own name.
func AllowHosts(next http.Handler, hosts ...string) http.Handler {
	allowed := map[string]bool{}
	for _, h := range hosts {
		allowed[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			w.Header().Set("X-Content-Type-Options", "nosniff")
			writeJSON(w, http.StatusMisdirectedRequest, map[string]string{
				"error": fmt.Sprintf("host %q is not served here; use the address the service listens on", r.Host)})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// LoopbackHosts returns the Host values a service listening on port of a
// loopback address answers to: localhost, 127.0.0.1 and [::1] with the
// port (and without it for port 80).
func LoopbackHosts(port string) []string {
	var hosts []string
	for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
		hosts = append(hosts, net.JoinHostPort(h, port))
		if port == "80" {
			hosts = append(hosts, strings.TrimSuffix(net.JoinHostPort(h, port), ":80"))
		}
	}
	return hosts
}
