-- Merged contacts: the ID of each contact merged into another stays as a
-- redirect to the contact that holds its record now.
CREATE TABLE contact_merges (
    from_id    text COLLATE "C" PRIMARY KEY,
    into_id    text COLLATE "C" NOT NULL,
    at         timestamptz NOT NULL,
    identities integer NOT NULL DEFAULT 0,
    mentions   integer NOT NULL DEFAULT 0,
    cases      integer NOT NULL DEFAULT 0,
    activities integer NOT NULL DEFAULT 0
);
CREATE INDEX contact_merges_into_idx ON contact_merges (into_id);
