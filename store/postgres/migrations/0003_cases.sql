-- Cases: questions and complaints that must be answered within the
-- service-level time of their channel. The case is kept whole as JSONB,
-- with the columns its queries filter and sort on beside it.
CREATE TABLE cases (
    id         text COLLATE "C" PRIMARY KEY,
    key        text NOT NULL, -- brand|channel|party, see socialcrm.CaseKey
    brand      text NOT NULL,
    channel    text NOT NULL,
    contact_id text NOT NULL DEFAULT '',
    account_id text NOT NULL DEFAULT '',
    status     text NOT NULL CHECK (status IN ('open', 'answered', 'resolved')),
    due_at     timestamptz NOT NULL,
    breached   boolean NOT NULL DEFAULT false,
    mentions   text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    doc        jsonb NOT NULL
);
-- One active case per key.
CREATE UNIQUE INDEX cases_active_key ON cases (key) WHERE status IN ('open', 'answered');
CREATE INDEX cases_due_idx ON cases (due_at, id);
CREATE INDEX cases_status_due_idx ON cases (status, due_at, id);
CREATE INDEX cases_contact_idx ON cases (contact_id, due_at) WHERE contact_id <> '';
CREATE INDEX cases_account_idx ON cases (account_id, due_at) WHERE account_id <> '';
CREATE INDEX cases_mentions_idx ON cases USING gin (mentions);
