package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// BenchmarkIngestUnsigned posts 40 bodies of 8 MiB at once with a wrong
// signature, malformed or well-formed, and reports the peak heap while
// they are refused:
//
//	go test -run '^$' -bench IngestUnsigned -benchtime 3x ./web
func BenchmarkIngestUnsigned(b *testing.B) {
	b.Run("Malformed", func(b *testing.B) { benchUnsigned(b, "sha256=00") })
	b.Run("WellFormed", func(b *testing.B) { benchUnsigned(b, "sha256="+strings.Repeat("0", 64)) })
}

func benchUnsigned(b *testing.B, sig string) {
	in := &web.Ingest{Secret: []byte("s3cret"), Nonces: memory.New(),
		Emit: func(context.Context, *socialcrm.Mention) error { return nil }}
	ts := httptest.NewServer((&web.Server{Ingest: in}).Handler())
	defer ts.Close()
	body := bytes.Repeat([]byte(" "), web.MaxIngestBytes-1)
	const posts = 40
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	codes := map[int]int{}
	var mu sync.Mutex
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for range posts {
			wg.Go(func() {
				req, _ := http.NewRequest("POST", ts.URL+"/api/v1/ingest", bytes.NewReader(body))
				req.Header.Set(web.HeaderTimestamp, strconv.FormatInt(time.Now().Unix(), 10))
				req.Header.Set(web.HeaderSignature, sig)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	b.StopTimer()
	close(stop)
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-MiB")
	b.Logf("status codes of %d posts: %v", posts*b.N, codes)
}
