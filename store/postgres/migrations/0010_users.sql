-- Users who sign in, and their server-side sessions. A session is found by
-- the SHA-256 of its cookie's secret; the secret itself is never stored.
CREATE TABLE users (
    id            text COLLATE "C" PRIMARY KEY,
    email         text NOT NULL UNIQUE, -- lower case
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL CHECK (role IN ('viewer', 'agent', 'analyst', 'admin')),
    teams         text[] NOT NULL DEFAULT '{}',
    active        boolean NOT NULL,
    password_hash text NOT NULL DEFAULT '',
    subject       text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_subject ON users (subject) WHERE subject <> '';

CREATE TABLE sessions (
    hash         text COLLATE "C" PRIMARY KEY,
    user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    remote_addr  text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
