-- Segments: saved rules over CRM and social fields (socialcrm.Segment),
-- evaluated when their members are asked for.
CREATE TABLE segments (
    id             text COLLATE "C" PRIMARY KEY,
    name           text NOT NULL,
    rules          jsonb NOT NULL,
    priority_boost integer NOT NULL DEFAULT 0 CHECK (priority_boost BETWEEN 0 AND 100),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX segments_name_idx ON segments (name, id);
