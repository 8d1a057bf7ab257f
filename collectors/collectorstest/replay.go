package collectorstest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// Faults are what a replay server does to the traffic it serves, as real
// networks do: rate limits and dropped connections.
type Faults struct {
	// Every makes every Nth request (counted over all paths) answer 429
	// Too Many Requests; 0 never does.
	Every int
	// RetryAfter is the 429's Retry-After header; default "1".
	RetryAfter string
	// DisconnectAfter cuts a stream's first connection after that many
	// events, without ending the response cleanly; 0 never does.
	DisconnectAfter int
	// Lost is how many events after the cut the next connections never
	// send, as a live stream that does not replay (Mastodon) loses what
	// happened while the client was away. Streams that resume from a
	// cursor (X's backfill, Jetstream) replay from the first event
	// instead: leave Lost 0 and set Replay.
	Lost   int
	Replay bool
}

// Server replays recorded traffic through h behind the faults.
type Server struct {
	*httptest.Server
	f Faults

	mu       sync.Mutex
	requests int
	refused  int
	streams  map[string]int // connections per path
	cut      int
}

// NewServer starts a replay server, closed when the test ends.
func NewServer(t testing.TB, f Faults, h http.Handler) *Server {
	t.Helper()
	if f.RetryAfter == "" {
		f.RetryAfter = "1"
	}
	s := &Server{f: f, streams: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		refuse := s.f.Every > 0 && s.requests%s.f.Every == 0
		if refuse {
			s.refused++
		}
		s.mu.Unlock()
		if refuse {
			w.Header().Set("Retry-After", s.f.RetryAfter)
			http.Error(w, `{"error":"rate limited"}`, http.StatusTooManyRequests)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// Stream writes frames to a long-lived response, flushing each. The first
// connection to each path is cut after Faults.DisconnectAfter frames; the
// others send the frames Faults says and then stay open until the client
// leaves.
func (s *Server) Stream(w http.ResponseWriter, r *http.Request, contentType string, frames [][]byte) {
	first := s.FirstStream(r)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for i, f := range frames {
		if !first && !s.f.Replay && i < s.f.DisconnectAfter+s.f.Lost {
			continue
		}
		if first && s.f.DisconnectAfter > 0 && i == s.f.DisconnectAfter {
			s.Cut()
			panic(http.ErrAbortHandler) // drops the connection mid-stream
		}
		if _, err := w.Write(f); err != nil {
			return
		}
		w.(http.Flusher).Flush()
	}
	<-r.Context().Done()
}

// FirstStream counts a stream connection and reports whether it is the
// first to its path.
func (s *Server) FirstStream(r *http.Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams[r.URL.Path]++
	return s.streams[r.URL.Path] == 1
}

// Cut records a disconnect made by a handler.
func (s *Server) Cut() {
	s.mu.Lock()
	s.cut++
	s.mu.Unlock()
}

// DisconnectAfter is the configured number of events before the cut.
func (s *Server) DisconnectAfter() int { return s.f.DisconnectAfter }

// Stats are what the server did: requests served, refused with 429,
// stream connections and connections cut.
type Stats struct{ Requests, Refused, Streams, Cut int }

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	streams := 0
	for _, n := range s.streams {
		streams += n
	}
	return Stats{s.requests, s.refused, streams, s.cut}
}

func (st Stats) String() string {
	return strconv.Itoa(st.Requests) + " requests, " + strconv.Itoa(st.Refused) + " refused with 429, " +
		strconv.Itoa(st.Streams) + " stream connections, " + strconv.Itoa(st.Cut) + " cut"
}
