package sentiment

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// modelMagic starts every model file.
const modelMagic = "SCRMSNT2"

// fileHeader is the JSON header of a model file.
type fileHeader struct {
	Config
	Bias        [3]float32 `json:"bias"`
	Temperature float32    `json:"temperature"`
	Adjust      [3]float32 `json:"adjust"`
	// Scale is the weight of one step of the int16 weights.
	Scale float32 `json:"scale"`
}

// quantize rounds the weights to the int16 grid the file stores and keeps
// only those, so that a trained model scores exactly as the file it writes.
func (m *Model) quantize() {
	if m.q != nil {
		return
	}
	var mx float32
	for _, x := range m.w {
		mx = max(mx, float32(math.Abs(float64(x))))
	}
	if mx == 0 {
		mx = 1
	}
	m.scale = mx / math.MaxInt16
	m.q = make([]int16, len(m.w))
	for i, x := range m.w {
		m.q[i] = int16(math.Round(float64(x / m.scale)))
	}
	m.w = nil
}

// WriteTo writes the model: magic, header length, JSON header, then the
// little-endian int16 weights (times Scale). Loading needs no
// decompression, so it stays fast. The same model always gives the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	m.quantize()
	hdr, err := json.Marshal(fileHeader{Config: m.cfg, Bias: m.bias, Temperature: m.temp, Adjust: m.adjust, Scale: m.scale})
	if err != nil {
		return 0, fmt.Errorf("sentiment: model header: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	_ = binary.Write(&buf, binary.LittleEndian, uint32(len(hdr)))
	buf.Write(hdr)
	raw := make([]byte, 2*len(m.q))
	for i, x := range m.q {
		binary.LittleEndian.PutUint16(raw[2*i:], uint16(x))
	}
	buf.Write(raw)
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
	if h.Bits < 8 || h.Bits > 24 || h.Temperature <= 0 || h.Scale <= 0 {
		return nil, fmt.Errorf("sentiment: model header: bad bits %d, temperature %g or scale %g", h.Bits, h.Temperature, h.Scale)
	}
	raw := make([]byte, 2*3<<h.Bits)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("sentiment: model weights: %w", err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("sentiment: model weights: trailing data")
	}
	m := &Model{cfg: h.Config, bias: h.Bias, temp: h.Temperature, adjust: h.Adjust, scale: h.Scale, q: make([]int16, 3<<h.Bits)}
	for i := range m.q {
		m.q[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	m.init()
	return m, nil
}
