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
}

// Server replays recorded traffic through h behind the faults.
type Server struct {
	*httptest.Server
	f Faults

	mu       sync.Mutex
	requests int
	refused  int
	streams  int
	cut      int
}

// NewServer starts a replay server, closed when the test ends.
func NewServer(t testing.TB, f Faults, h http.Handler) *Server {
	t.Helper()
	if f.RetryAfter == "" {
		f.RetryAfter = "1"
	}
	s := &Server{f: f}
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
// stream connection is cut after Faults.DisconnectAfter frames; the others
// send every frame and then stay open until the client leaves.
func (s *Server) Stream(w http.ResponseWriter, r *http.Request, contentType string, frames [][]byte) {
	s.mu.Lock()
	s.streams++
	first := s.streams == 1
	s.mu.Unlock()
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for i, f := range frames {
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
// first, for streams that are not plain HTTP bodies (websockets).
func (s *Server) FirstStream() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams++
	return s.streams == 1
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
	return Stats{s.requests, s.refused, s.streams, s.cut}
}

func (st Stats) String() string {
	return strconv.Itoa(st.Requests) + " requests, " + strconv.Itoa(st.Refused) + " refused with 429, " +
		strconv.Itoa(st.Streams) + " stream connections, " + strconv.Itoa(st.Cut) + " cut"
}
