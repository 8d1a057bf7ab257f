-- The author keys of identities erased under the GDPR, one row each, so
-- that processes erasing at the same time never overwrite each other's.
-- The list earlier versions kept as one JSON array in state moves here.
CREATE TABLE erased_identities (
    key       text COLLATE "C" PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO erased_identities (key)
SELECT jsonb_array_elements_text(j) FROM (
    SELECT CASE WHEN key = 'gdpr/erased' THEN convert_from(value, 'UTF8')::jsonb END AS j
    FROM state WHERE key = 'gdpr/erased'
) AS old WHERE jsonb_typeof(j) = 'array'
ON CONFLICT (key) DO NOTHING;

DELETE FROM state WHERE key = 'gdpr/erased';
