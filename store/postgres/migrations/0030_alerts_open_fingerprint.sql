-- At most one open (firing or acknowledged) alert per fingerprint. Older
-- duplicates left by restarts before this rule are resolved first, the
-- newest open alert of each fingerprint is kept.
WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY fingerprint ORDER BY start_at DESC, id DESC) AS n
    FROM alerts WHERE status IN ('firing', 'acknowledged') AND fingerprint <> ''
)
UPDATE alerts SET status = 'resolved', doc = jsonb_set(doc, '{status}', '"resolved"'), updated_at = now()
FROM ranked WHERE alerts.id = ranked.id AND ranked.n > 1;

CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts (fingerprint)
    WHERE status IN ('firing', 'acknowledged') AND fingerprint <> '';
