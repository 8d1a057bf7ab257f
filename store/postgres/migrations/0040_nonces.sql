-- One-time keys (signatures of accepted ingest requests) until they
-- expire, so that a replayed request is refused after a restart.
CREATE TABLE nonces (
    key        text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX nonces_expires_at_idx ON nonces (expires_at);
