-- API tokens. Only the SHA-256 of a token's secret is kept; tokens are
-- revoked, never deleted, so that the audit trail can name them.
CREATE TABLE tokens (
    id           text COLLATE "C" PRIMARY KEY,
    name         text NOT NULL,
    prefix       text NOT NULL,
    hash         text COLLATE "C" NOT NULL UNIQUE,
    role         text NOT NULL CHECK (role IN ('viewer', 'agent', 'analyst', 'admin')),
    user_id      text NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX tokens_user_idx ON tokens (user_id) WHERE revoked_at IS NULL;
