package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Ingest request headers. The signature is
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), the
// timestamp Unix seconds.
const (
	HeaderTimestamp = "X-Socialcrm-Timestamp"
	HeaderSignature = "X-Socialcrm-Signature"
)

// Limits of one ingest request.
const (
	MaxIngestBytes    = 8 << 20
	MaxIngestMentions = 1000
)

// Ingest accepts mentions from sources users wire themselves (page
// webhooks, review platforms, automation tools) on POST /api/v1/ingest: a
// single raw mention or a JSON array of them, validated as on mentions.raw
// and handed to Emit (cmd wires it to the Kafka producer).
type Ingest struct {
	// Secret is the HMAC-SHA256 key shared with the senders.
	Secret []byte
	// Emit hands one accepted mention on.
	Emit func(ctx context.Context, m *socialcrm.Mention) error
	// MaxSkew is how far a request's timestamp may be from now; default 5m.
	MaxSkew time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	seen map[string]time.Time // signatures accepted within the skew window
}

func (s *Server) ingestRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/ingest", s.handleIngest)
}

// Sign returns the signature header value for a body sent at ts, for
// senders and tests.
func Sign(secret []byte, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%d.", ts.Unix())
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	in := s.Ingest
	if in == nil || len(in.Secret) == 0 || in.Emit == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "ingest is not configured"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxIngestBytes))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": fmt.Sprintf("body larger than %d bytes", MaxIngestBytes)})
		return
	}
	if err := in.verify(r.Header, body); err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
		return
	}
	sig := r.Header.Get(HeaderSignature)
	ms, errs := decodeIngest(body)
	if len(errs) > 0 {
		in.forget(sig)
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "no mention accepted: " + errs[0].Error, "errors": errs})
		return
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		if err := in.Emit(r.Context(), m); err != nil {
			s.Logger.Error("ingest: emit failed", "mention_id", m.ID, "err", err)
			in.forget(sig)
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{
				"error": "could not hand mentions on; retry the request", "accepted": len(ids), "ids": ids})
			return
		}
		ids = append(ids, m.ID)
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"accepted": len(ids), "ids": ids})
}

var (
	errNoSignature = errors.New("missing " + HeaderTimestamp + " or " + HeaderSignature + " header")
	errBadSig      = errors.New("signature does not match")
	errReplay      = errors.New("request already accepted (replay)")
)

// verify checks the timestamp window, the signature, and that the same
// signed request was not accepted before.
func (in *Ingest) verify(h http.Header, body []byte) error {
	tsv, sig := h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if tsv == "" || sig == "" {
		return errNoSignature
	}
	sec, err := strconv.ParseInt(tsv, 10, 64)
	if err != nil {
		return fmt.Errorf("%s %q is not Unix seconds", HeaderTimestamp, tsv)
	}
	now, skew := in.now(), in.skew()
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > skew || d < -skew {
		return fmt.Errorf("timestamp %s is more than %s from now (stale or replayed request)", ts.UTC().Format(time.RFC3339), skew)
	}
	if !hmac.Equal([]byte(sig), []byte(Sign(in.Secret, ts, body))) {
		return errBadSig
	}
	return in.reserve(sig, now)
}

// reserve notes a signature until it is too old to pass the timestamp
// check anyway, refusing one already noted: a signed request is accepted
// once.
func (in *Ingest) reserve(sig string, now time.Time) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if _, ok := in.seen[sig]; ok {
		return errReplay
	}
	if in.seen == nil {
		in.seen = map[string]time.Time{}
	}
	for k, t := range in.seen {
		if now.Sub(t) > 2*in.skew() {
			delete(in.seen, k)
		}
	}
	in.seen[sig] = now
	return nil
}

// forget releases a signature whose request was not accepted, so that the
// sender may retry it.
func (in *Ingest) forget(sig string) {
	in.mu.Lock()
	delete(in.seen, sig)
	in.mu.Unlock()
}

func (in *Ingest) now() time.Time {
	if in.Now != nil {
		return in.Now()
	}
	return time.Now()
}

func (in *Ingest) skew() time.Duration {
	if in.MaxSkew > 0 {
		return in.MaxSkew
	}
	return 5 * time.Minute
}

// ingestError names a rejected element of a batch.
type ingestError struct {
	Index int    `json:"index"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

// decodeIngest reads one mention or an array; every element is checked
// with socialcrm.DecodeMention, and any error rejects the whole request.
func decodeIngest(body []byte) ([]*socialcrm.Mention, []ingestError) {
	trimmed := bytes.TrimSpace(body)
	var raws []json.RawMessage
	if strings.HasPrefix(string(trimmed), "[") {
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, []ingestError{{Index: -1, Error: "body is not a JSON array of mentions: " + err.Error()}}
		}
	} else {
		raws = []json.RawMessage{trimmed}
	}
	if len(raws) == 0 {
		return nil, []ingestError{{Index: -1, Error: "empty batch"}}
	}
	if len(raws) > MaxIngestMentions {
		return nil, []ingestError{{Index: -1, Error: fmt.Sprintf("%d mentions, more than the limit of %d", len(raws), MaxIngestMentions)}}
	}
	var ms []*socialcrm.Mention
	var errs []ingestError
	for i, raw := range raws {
		m, err := socialcrm.DecodeMention(raw)
		if err != nil {
			var probe struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(raw, &probe)
			errs = append(errs, ingestError{Index: i, ID: probe.ID, Error: err.Error()})
			continue
		}
		ms = append(ms, m)
	}
	return ms, errs
}
