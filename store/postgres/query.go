package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// where builds the WHERE clause of a query and its arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each %s in cond is replaced by the placeholder
// of the next argument.
func (w *where) add(cond string, args ...any) {
	ph := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			a = socialcrm.CleanText(s) // Postgres rejects NUL and invalid UTF-8
		}
		w.args = append(w.args, a)
		ph[i] = fmt.Sprintf("$%d", len(w.args))
	}
	w.conds = append(w.conds, fmt.Sprintf(cond, ph...))
}

// eq appends "col = v" when v is not nil.
func (w *where) eq(col string, v *string) {
	if v != nil {
		w.add(col+" = %s", *v)
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// findPage runs, in one round trip, the page query (selectSQL with w,
// order, offset and limit; limit nil means all) whose rows go to collect,
// and the count of all matching rows of table, which it returns.
func (s *Store) findPage(ctx context.Context, table string, w where, order string, offset int, limit *int,
	selectSQL string, collect func(pgx.Rows) error) (int, error) {
	args := append([]any{}, w.args...)
	q := selectSQL + w.String() + " ORDER BY " + order
	if limit != nil {
		args = append(args, *limit)
		q += fmt.Sprintf(" LIMIT $%d", len(args))
	}
	args = append(args, offset)
	q += fmt.Sprintf(" OFFSET $%d", len(args))

	b := &pgx.Batch{}
	var total int
	b.Queue("SELECT count(*) FROM "+table+w.String(), w.args...).QueryRow(func(row pgx.Row) error {
		return row.Scan(&total)
	})
	b.Queue(q, args...).Query(collect)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return 0, err
	}
	return total, nil
}
