package main

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestDemo_HTTPBounds runs a demo with short timeouts and /metrics on its
// own address, and checks what a hostile or slow client gets.
func TestDemo_HTTPBounds(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`running at (http://(\S+)/) .*metrics at (http://\S+/metrics);`)
	m, _ := startCommand(t, nil, []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--log-level", "error",
		"--rate", "0", "--http-read-timeout", "1s", "--metrics-addr", "127.0.0.1:0"}, re)
	base, hostport, metricsURL := m[1], m[2], m[3]

	t.Run("TrickledBody", func(t *testing.T) {
		conn, err := net.Dial("tcp", hostport)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/contacts HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n", hostport)
		closed := make(chan string, 1)
		go func() {
			b, _ := io.ReadAll(conn)
			closed <- string(b)
		}()
		// At 1 byte/s, a 1s read timeout cuts the body off after a byte
		// or two; allow for a slow machine, far below the 1000 announced.
		for sent := 0; sent < 10; sent++ {
			select {
			case resp := <-closed:
				t.Logf("cut off after %d bytes: %q", sent, firstLine(resp))
				return
			case <-time.After(time.Second):
			}
			if _, err := conn.Write([]byte("{")); err != nil {
				t.Logf("cut off after %d bytes: %v", sent, err)
				return
			}
		}
		t.Fatal("a body trickled at 1 byte/s was still being read after 10s with --http-read-timeout 1s")
	})
	t.Run("HostAllowList", func(t *testing.T) {
		for host, want := range map[string]int{hostport: 200, "evil.example": http.StatusMisdirectedRequest} {
			req, _ := http.NewRequest("GET", base+"healthz", nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("Host %s: status %d, want %d", host, resp.StatusCode, want)
			}
		}
	})
	t.Run("HeaderTooLarge", func(t *testing.T) {
		req, _ := http.NewRequest("GET", base+"healthz", nil)
		req.Header.Set("X-Big", strings.Repeat("a", 2*maxHeaderBytes))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status %d, want 431", resp.StatusCode)
		}
	})
	t.Run("MetricsAddr", func(t *testing.T) {
		if body := getBody(t, metricsURL, 200); !strings.Contains(body, "go_goroutines") {
			t.Errorf("%s has no Go metrics", metricsURL)
		}
		if body := getBody(t, base+"metrics", 0); strings.Contains(body, "go_goroutines") {
			t.Errorf("metrics still served on --addr beside --metrics-addr")
		}
	})
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\r\n"); return l }

// getBody GETs url and returns its body, failing unless the status is
// want (0: any).
func getBody(t *testing.T, url string, want int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if want != 0 && resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", url, resp.StatusCode, want)
	}
	return string(b)
}

// TestHTTPMaxConns checks that connections past --http-max-conns wait to
// be accepted until one closes.
func TestHTTPMaxConns(t *testing.T) {
	c := httpConfig{ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: time.Minute, MaxConns: 2}
	ln, err := c.listen("127.0.0.1:0", "--addr")
	if err != nil {
		t.Fatal(err)
	}
	srv := c.server((&web.Server{Store: memory.New()}).Handler(), slog.New(slog.DiscardHandler))
	go srv.Serve(ln)
	defer srv.Close()
	addr := ln.Addr().String()
	var held []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
		if _, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil {
			t.Fatal(err)
		}
		held = append(held, conn) // kept alive, so holding a slot
	}
	answered := make(chan error, 1)
	go func() {
		resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		t.Fatalf("a third connection was served while two were held (err %v)", err)
	case <-time.After(500 * time.Millisecond):
	}
	held[0].Close()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the third connection was not served after one closed")
	}
}
