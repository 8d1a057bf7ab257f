-- Leads: people who may become customers. The lead is kept whole as JSONB,
-- with the columns its queries filter and sort on beside it.
CREATE TABLE leads (
    id            text COLLATE "C" PRIMARY KEY,
    status        text NOT NULL CHECK (status IN ('new', 'working', 'qualified', 'converted', 'disqualified')),
    source        text NOT NULL,
    owner         text NOT NULL DEFAULT '',
    brand         text NOT NULL DEFAULT '',
    search        text NOT NULL DEFAULT '', -- name, email and company in lower case
    identity_keys text[] NOT NULL DEFAULT '{}', -- socialcrm.Identity.UniqueKeys
    handle_keys   text[] NOT NULL DEFAULT '{}', -- socialcrm.HandleKey of each handle
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    doc           jsonb NOT NULL
);
CREATE INDEX leads_updated_idx ON leads (updated_at DESC, id);
CREATE INDEX leads_status_idx ON leads (status, updated_at DESC, id);
CREATE INDEX leads_owner_idx ON leads (owner, updated_at DESC) WHERE owner <> '';
CREATE INDEX leads_identity_idx ON leads USING gin (identity_keys);
