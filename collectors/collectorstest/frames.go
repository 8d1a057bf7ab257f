package collectorstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/coder/websocket"
)

// JSONValues reads the successive JSON values of a recorded file (one a
// line, or pretty-printed one after another as documentation shows them)
// and returns each on one line, its content unchanged.
func JSONValues(t testing.TB, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var out [][]byte
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: value %d: %v", path, len(out)+1, err)
		}
		var line bytes.Buffer
		if err := json.Compact(&line, raw); err != nil {
			t.Fatal(err)
		}
		out = append(out, line.Bytes())
	}
}

// SSEFrames splits a recorded event stream into its events (and comment
// lines), each with the blank line that ends it.
func SSEFrames(t testing.TB, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for block := range bytes.SplitSeq(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n\n")) {
		if block = bytes.Trim(block, "\n"); len(block) > 0 {
			out = append(out, append(block, "\n\n"...))
		}
	}
	return out
}

// Websocket accepts a websocket and sends each frame as a text message.
// The first stream connection is closed after Faults.DisconnectAfter
// frames; the others send every frame and stay open until the client
// leaves.
func (s *Server) Websocket(w http.ResponseWriter, r *http.Request, frames [][]byte) {
	first := s.FirstStream(r)
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	for i, f := range frames {
		if !first && !s.f.Replay && i < s.f.DisconnectAfter+s.f.Lost {
			continue
		}
		if first && s.f.DisconnectAfter > 0 && i == s.f.DisconnectAfter {
			s.Cut()
			return // CloseNow: the connection drops without a close frame
		}
		if err := conn.Write(r.Context(), websocket.MessageText, f); err != nil {
			return
		}
	}
	_, _, _ = conn.Read(r.Context())
}
