package collectorstest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// errEnd stops a collector at the end of its fixture.
var errEnd = errors.New("end of fixture")

// CollectFixture runs c until it emits a mention that end accepts (the
// fixture's last), at most 10 seconds. Every other mention must be valid;
// it goes to sink (when not nil, checked afterwards) and then to keep.
func CollectFixture(t *testing.T, c socialcrm.Collector, sink *Sink, end func(*socialcrm.Mention) bool, keep func(*socialcrm.Mention)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.Collect(ctx, func(ctx context.Context, m *socialcrm.Mention) error {
		if err := m.Validate(); err != nil {
			t.Errorf("invalid mention: %v", err)
		}
		if end(m) {
			return errEnd
		}
		if sink != nil {
			if err := sink.Emit(ctx, m); err != nil {
				return err
			}
		}
		keep(m)
		return nil
	})
	if !errors.Is(err, errEnd) {
		t.Fatalf("Collect = %v, want the end of the fixture", err)
	}
	if sink != nil {
		sink.Check(t)
	}
}
