-- Teams of agents with a supervisor, escalated to when a case misses a
-- service-level target. Members are the users listing the team in teams.
CREATE TABLE teams (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    supervisor text NOT NULL DEFAULT '',
    calendar   text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
