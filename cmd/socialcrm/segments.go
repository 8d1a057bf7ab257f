package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// seedSegments saves the built-in segments the store does not hold yet.
func seedSegments(ctx context.Context, st socialcrm.SegmentStore) error {
	err := st.CreateSegment(ctx, crm.HighValueTurningNegative())
	if err != nil && !errors.Is(err, socialcrm.ErrConflict) {
		return fmt.Errorf("seed segments: %w", err)
	}
	return nil
}

func cmdSegments(ctx context.Context, args []string, sio stdio) error {
	return runSubcommand(ctx, "segments", []command{
		{"export", "export ID [--out FILE]: a segment's members as CSV, in the columns of export contacts", cmdSegmentsExport},
	}, args, sio)
}

func cmdSegmentsExport(ctx context.Context, args []string, sio stdio) error {
	return writeCSV(ctx, csvCommand{name: "segments export", what: "members", args: 1, usage: "segments export ID [flags]\n\n" +
		"Writes every member of segment ID as CSV to stdout or --out (written whole or not\n" +
		"at all), with progress on stderr. Members are evaluated by the store now, every\n" +
		"page at the same instant; contacts who withdrew consent or are suppressed are\n" +
		"never members.\n\nColumns: those of export contacts, which import contacts reads back."}, args, sio,
		func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio, pos []string) (crm.ExportStats, error) {
			g, err := st.FindSegmentByID(ctx, pos[0])
			if err != nil {
				return crm.ExportStats{}, err
			}
			return crm.ExportSegment(ctx, st, g.Rules, time.Time{}, w, func(done, total int) {
				fmt.Fprintf(e.err, "segments export: %d of %d\n", done, total)
			})
		})
}
