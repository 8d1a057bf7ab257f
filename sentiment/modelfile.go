package sentiment

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// modelMagic starts every model file.
const modelMagic = "SCRMSNT1"

// fileHeader is the JSON header of a model file.
type fileHeader struct {
	Config
	Bias        [3]float32 `json:"bias"`
	Temperature float32    `json:"temperature"`
	Adjust      [3]float32 `json:"adjust"`
}

// WriteTo writes the model: magic, header length, JSON header, then the
// gzip-compressed little-endian float32 weights. The same model always gives
// the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	hdr, err := json.Marshal(fileHeader{Config: m.cfg, Bias: m.bias, Temperature: m.temp, Adjust: m.adjust})
	if err != nil {
		return 0, fmt.Errorf("sentiment: model header: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	_ = binary.Write(&buf, binary.LittleEndian, uint32(len(hdr)))
	buf.Write(hdr)
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	raw := make([]byte, 4*len(m.w))
	for i, x := range m.w {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	if _, err := zw.Write(raw); err != nil {
		return 0, fmt.Errorf("sentiment: compress weights: %w", err)
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("sentiment: compress weights: %w", err)
	}
	n, err := w.Write(buf.Bytes())
	if err != nil {
		return int64(n), fmt.Errorf("sentiment: write model: %w", err)
	}
	return int64(n), nil
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(modelMagic)+4)
	if _, err := io.ReadFull(br, magic); err != nil || string(magic[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("sentiment: not a model file")
	}
	n := binary.LittleEndian.Uint32(magic[len(modelMagic):])
	if n > 1<<20 {
		return nil, errors.New("sentiment: model header too large")
	}
	hb := make([]byte, n)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, fmt.Errorf("sentiment: model header: %w", err)
	}
	var h fileHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("sentiment: model header: %w", err)
	}
	if h.Bits < 8 || h.Bits > 24 || h.Temperature <= 0 {
		return nil, fmt.Errorf("sentiment: model header: bad bits %d or temperature %g", h.Bits, h.Temperature)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("sentiment: model weights: %w", err)
	}
	raw := make([]byte, 4*3<<h.Bits)
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, fmt.Errorf("sentiment: model weights: %w", err)
	}
	m := &Model{cfg: h.Config, bias: h.Bias, temp: h.Temperature, adjust: h.Adjust, w: make([]float32, 3<<h.Bits)}
	for i := range m.w {
		m.w[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	m.init()
	return m, nil
}
