package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Hub fans events out to server-sent-event subscribers. A subscriber that
// falls behind by more than its buffer is dropped on purpose rather than
// slowing the pipeline; its browser reconnects.
type Hub struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	brand string // "" receives every brand
	ch    chan []byte
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[*subscriber]struct{}{}} }

// Publish sends an event of the given type about brand to every subscriber
// that wants it. It never blocks.
func (h *Hub) Publish(event, brand string, v any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) == 0 {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	msg := fmt.Appendf(nil, "event: %s\ndata: %s\n\n", event, data)
	for s := range h.subs {
		if s.brand != "" && s.brand != brand {
			continue
		}
		select {
		case s.ch <- msg:
		default:
			delete(h.subs, s)
			close(s.ch)
		}
	}
}

func (h *Hub) subscribe(brand string) *subscriber {
	s := &subscriber{brand: brand, ch: make(chan []byte, 256)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

func (h *Hub) unsubscribe(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.ch)
	}
}

// streamWriteTimeout bounds one write of the event stream.
const streamWriteTimeout = 10 * time.Second

func (s *Server) streamRoutes(mux *router) {
	mux.handle("GET /api/v1/stream", PermRead, s.handleStream)
}

// handleStream serves server-sent events: "mention" for each scored mention
// and "alert" for each alert change, optionally for one ?brand=.
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request) {
	if s.Stream == nil {
		http.Error(w, "stream not available", http.StatusServiceUnavailable)
		return
	}
	rc := http.NewResponseController(w)
	// The stream outlives the server's read and write timeouts: no read
	// deadline, and each write gets a deadline of its own.
	_ = rc.SetReadDeadline(time.Time{})
	extend := func() { _ = rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout)) }
	extend()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	sub := s.Stream.subscribe(r.URL.Query().Get("brand"))
	defer s.Stream.unsubscribe(sub)
	fmt.Fprint(w, ": connected\nretry: 3000\n\n")
	_ = rc.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-sub.ch:
			if !ok {
				return // dropped for falling behind
			}
			extend()
			if _, err := w.Write(msg); err != nil {
				return
			}
		case <-ping.C:
			extend()
			fmt.Fprint(w, ": ping\n\n")
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
