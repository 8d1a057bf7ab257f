-- Each contact's consent to being profiled: every recorded change, in the
-- order recorded (seq); the current consent is the last. Erasing the
-- contact removes its history.
CREATE TABLE contact_consent (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id text COLLATE "C" NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    state      text NOT NULL CHECK (state IN ('unknown', 'granted', 'withdrawn')),
    suppressed boolean NOT NULL DEFAULT false,
    source     text NOT NULL DEFAULT '',
    by_actor   text NOT NULL DEFAULT '',
    at         timestamptz NOT NULL
);
CREATE INDEX contact_consent_contact_idx ON contact_consent (contact_id, seq);

-- The current consent of each contact, for the pipeline, segments and
-- exports to leave out the contacts that are not profiled.
CREATE VIEW contact_consent_current AS
SELECT DISTINCT ON (contact_id) contact_id, state, suppressed, source, by_actor, at
FROM contact_consent ORDER BY contact_id, seq DESC;
