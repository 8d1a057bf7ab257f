-- Each lead's consent to being profiled, as contact_consent keeps a
-- contact's. Its seq is drawn from contact_consent's sequence, so that a
-- lead's history carried to a contact at conversion keeps, with its seq,
-- its place in the order of every change recorded.
CREATE TABLE lead_consent (
    seq        bigint PRIMARY KEY DEFAULT nextval(pg_get_serial_sequence('contact_consent', 'seq')),
    lead_id    text COLLATE "C" NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    state      text NOT NULL CHECK (state IN ('unknown', 'granted', 'withdrawn')),
    suppressed boolean NOT NULL DEFAULT false,
    source     text NOT NULL DEFAULT '',
    by_actor   text NOT NULL DEFAULT '',
    at         timestamptz NOT NULL
);
CREATE INDEX lead_consent_lead_idx ON lead_consent (lead_id, seq);

CREATE VIEW lead_consent_current AS
SELECT DISTINCT ON (lead_id) lead_id, state, suppressed, source, by_actor, at
FROM lead_consent ORDER BY lead_id, seq DESC;
