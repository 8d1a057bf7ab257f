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
	"hash"
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
// single raw mention or a JSON array of them, each validated as on
// mentions.raw and handed to Emit (cmd wires it to the Kafka producer).
// Valid mentions of a batch are accepted and the others reported by index.
type Ingest struct {
	// Secret is the HMAC-SHA256 key shared with the senders.
	Secret []byte
	// Emit hands one accepted mention on.
	Emit func(ctx context.Context, m *socialcrm.Mention) error
	// Nonces remembers the signatures of accepted requests (the store),
	// so that a replay is refused after a restart too.
	Nonces socialcrm.NonceStore
	// Brands, when set, reports whether a mention may name brand; a
	// mention naming another is rejected.
	Brands func(brand string) bool
	// MaxSkew is how far a request's timestamp may be from now; default 5m.
	MaxSkew time.Duration
	// MaxFuture is how far past now a mention's created_at may be;
	// default 5m.
	MaxFuture time.Duration
	// MaxUnverified bounds the requests whose bodies are being read before
	// their signature is checked (each holds up to MaxIngestBytes); past
	// it requests are refused with 503. Default 4.
	MaxUnverified int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	once  sync.Once
	slots chan struct{}
}

func (s *Server) ingestRoutes(mux *router) {
	mux.handle("POST /api/v1/ingest", PermPublic, s.handleIngest)
}

// Sign returns the signature header value for a body sent at ts, for
// senders and tests.
func Sign(secret []byte, ts time.Time, body []byte) string {
	mac := newMAC(secret, ts)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// newMAC returns the HMAC of a request sent at ts, before its body.
func newMAC(secret []byte, ts time.Time) hash.Hash {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%d.", ts.Unix())
	return mac
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	in := s.Ingest
	if in == nil || len(in.Secret) == 0 || in.Emit == nil || in.Nonces == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "ingest is not configured"})
		return
	}
	now := in.now()
	ts, sig, err := in.checkHeaders(r.Header, now)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
		return
	}
	body, err := in.readSigned(w, r, ts, sig)
	if err != nil {
		s.writeIngestError(w, r, err)
		return
	}
	if err := in.Nonces.ReserveNonce(r.Context(), sig, now, ts.Add(in.skew())); err != nil {
		s.writeIngestError(w, r, err)
		return
	}
	ms, rejected := in.decode(body, now)
	if len(ms) == 0 {
		in.release(sig)
		msg := "no mention accepted"
		if len(rejected) > 0 {
			msg += ": " + rejected[0].Error
		}
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": msg, "rejected": rejected})
		return
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		if err := in.Emit(r.Context(), m); err != nil {
			s.Logger.Error("ingest: emit failed", "mention_id", m.ID, "err", err)
			in.release(sig)
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{
				"error": "could not hand mentions on; retry the request", "accepted": len(ids), "ids": ids})
			return
		}
		ids = append(ids, m.ID)
	}
	code := http.StatusAccepted
	if len(rejected) > 0 {
		code = http.StatusMultiStatus
	}
	writeJSON(w, code, ingestResult{Accepted: len(ids), IDs: ids, Rejected: rejected})
}

// ingestResult is the answer to an accepted request.
type ingestResult struct {
	Accepted int           `json:"accepted"`
	IDs      []string      `json:"ids"`
	Rejected []ingestError `json:"rejected,omitempty"`
}

var (
	errNoSignature = errors.New("missing " + HeaderTimestamp + " or " + HeaderSignature + " header")
	errBadSig      = errors.New("signature does not match")
	errBusy        = errors.New("too many ingest requests being verified; retry shortly")
)

// writeIngestError answers a request refused before its mentions were
// read.
func (s *Server) writeIngestError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errBadSig):
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
	case errors.Is(err, socialcrm.ErrConflict):
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "request already accepted (replay)"})
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	case errors.Is(err, errTooLarge):
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": err.Error()})
	default:
		s.Logger.Error("ingest: request failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "ingest is unavailable; retry the request"})
	}
}

// checkHeaders checks the timestamp window and that a signature is given,
// before any of the body is read.
func (in *Ingest) checkHeaders(h http.Header, now time.Time) (time.Time, string, error) {
	tsv, sig := h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if tsv == "" || sig == "" {
		return time.Time{}, "", errNoSignature
	}
	sec, err := strconv.ParseInt(tsv, 10, 64)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("%s %q is not Unix seconds", HeaderTimestamp, tsv)
	}
	skew := in.skew()
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > skew || d < -skew {
		return time.Time{}, "", fmt.Errorf("timestamp %s is more than %s from now (stale or replayed request)", ts.UTC().Format(time.RFC3339), skew)
	}
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != len("sha256=")+2*sha256.Size {
		return time.Time{}, "", errBadSig
	}
	return ts, sig, nil
}

// readSigned reads the body into memory while hashing it, holding one of
// MaxUnverified slots meanwhile, and returns it once the signature
// matches.
func (in *Ingest) readSigned(w http.ResponseWriter, r *http.Request, ts time.Time, sig string) ([]byte, error) {
	in.once.Do(func() {
		n := in.MaxUnverified
		if n <= 0 {
			n = 4
		}
		in.slots = make(chan struct{}, n)
	})
	select {
	case in.slots <- struct{}{}:
		defer func() { <-in.slots }()
	default:
		return nil, errBusy
	}
	mac := newMAC(in.Secret, ts)
	var buf bytes.Buffer
	if n := r.ContentLength; n > 0 && n <= MaxIngestBytes {
		buf.Grow(int(n) + bytes.MinRead) // no doubling past the announced size
	}
	_, err := buf.ReadFrom(io.TeeReader(http.MaxBytesReader(w, r.Body, MaxIngestBytes), mac))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("body larger than %d bytes: %w", MaxIngestBytes, errTooLarge)
	}
	if err != nil {
		return nil, fmt.Errorf("ingest: read body: %w", err)
	}
	if !hmac.Equal([]byte(sig), []byte("sha256="+hex.EncodeToString(mac.Sum(nil)))) {
		return nil, errBadSig
	}
	return buf.Bytes(), nil
}

// release forgets the signature of a request that was not accepted, so
// that the sender may retry it.
func (in *Ingest) release(sig string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = in.Nonces.ReleaseNonce(ctx, sig) // at worst the retry is refused as a replay
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

func (in *Ingest) maxFuture() time.Duration {
	if in.MaxFuture > 0 {
		return in.MaxFuture
	}
	return 5 * time.Minute
}

// ingestError names a rejected element of a batch (index -1: the whole
// body).
type ingestError struct {
	Index int    `json:"index"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

// decode reads one mention or an array. Each element is checked with
// socialcrm.DecodeMention and the ingest rules (check); the valid ones are
// returned and the others reported.
func (in *Ingest) decode(body []byte, now time.Time) ([]*socialcrm.Mention, []ingestError) {
	trimmed := bytes.TrimSpace(body)
	var raws []json.RawMessage
	if bytes.HasPrefix(trimmed, []byte("[")) {
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
		if err == nil {
			err = in.check(m, now)
		}
		if err != nil {
			var probe struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(raw, &probe)
			errs = append(errs, ingestError{Index: i, ID: probe.ID, Error: publicMessage(err)})
			continue
		}
		ms = append(ms, m)
	}
	return ms, errs
}

// check applies the rules of ingest beyond those of every raw mention: the
// ID names the source, the brand is known, and the mention is not from
// the future.
func (in *Ingest) check(m *socialcrm.Mention, now time.Time) error {
	if !strings.HasPrefix(m.ID, m.Source+":") {
		return socialcrm.Invalidf("mention %q: id does not start with its source %q and a colon", m.ID, m.Source)
	}
	if m.Brand != "" && in.Brands != nil && !in.Brands(m.Brand) {
		return socialcrm.Invalidf("mention %q: unknown brand %q", m.ID, m.Brand)
	}
	if limit := now.Add(in.maxFuture()); m.CreatedAt.After(limit) {
		return socialcrm.Invalidf("mention %q: created_at %s is more than %s in the future",
			m.ID, m.CreatedAt.UTC().Format(time.RFC3339), in.maxFuture())
	}
	return nil
}
