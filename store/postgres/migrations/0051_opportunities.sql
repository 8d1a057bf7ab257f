-- Opportunities: deals with an account moving through the pipeline. The
-- opportunity is kept whole as JSONB, with the columns its queries filter
-- and sort on beside it.
CREATE TABLE opportunities (
    id             text COLLATE "C" PRIMARY KEY,
    account_id     text NOT NULL,
    stage          text NOT NULL CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
    owner          text NOT NULL DEFAULT '',
    contacts       text[] NOT NULL DEFAULT '{}',
    expected_close date,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    doc            jsonb NOT NULL
);
CREATE INDEX opportunities_close_idx ON opportunities (expected_close NULLS LAST, id);
CREATE INDEX opportunities_account_idx ON opportunities (account_id, expected_close NULLS LAST, id);
CREATE INDEX opportunities_stage_idx ON opportunities (stage, expected_close NULLS LAST, id);
CREATE INDEX opportunities_contacts_idx ON opportunities USING gin (contacts);
