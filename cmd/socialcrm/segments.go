package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// seedSegments saves the built-in segments the store does not hold yet.
func seedSegments(ctx context.Context, st socialcrm.SegmentStore) error {
	err := st.CreateSegment(ctx, crm.HighValueTurningNegative())
	if err != nil && !errors.Is(err, socialcrm.ErrConflict) {
		return fmt.Errorf("seed segments: %w", err)
	}
	return nil
}
