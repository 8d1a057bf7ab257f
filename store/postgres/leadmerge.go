package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// moveSales points the leads converted into contact from, and the
// opportunities that list it, at contact into, in a merge's transaction.
func moveSales(ctx context.Context, tx pgx.Tx, into, from string) error {
	if _, err := tx.Exec(ctx, `UPDATE leads SET doc = jsonb_set(doc, '{contact_id}', to_jsonb($1::text))
		WHERE doc->>'contact_id' = $2`, into, from); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE opportunities o SET contacts = x.c, doc = jsonb_set(o.doc, '{contacts}', to_jsonb(x.c))
		FROM (SELECT id, CASE WHEN $1 = ANY(contacts) THEN array_remove(contacts, $2) ELSE array_replace(contacts, $2, $1) END AS c
			FROM opportunities WHERE contacts @> ARRAY[$2]::text[]) x
		WHERE o.id = x.id`, into, from)
	return err
}
