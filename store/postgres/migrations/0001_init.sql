-- Mentions, scored by the pipeline. One row per mention ID.
CREATE TABLE mentions (
    id                    text COLLATE "C" PRIMARY KEY,
    v                     integer NOT NULL DEFAULT 1,
    source                text NOT NULL,
    brand                 text NOT NULL DEFAULT '',
    rule                  text NOT NULL DEFAULT '',
    author_id             text NOT NULL DEFAULT '',
    author_handle         text NOT NULL DEFAULT '',
    author_name           text NOT NULL DEFAULT '',
    author_followers      bigint NOT NULL DEFAULT 0,
    author_key            text NOT NULL DEFAULT '', -- see Mention.AuthorKey
    text                  text NOT NULL DEFAULT '',
    lang                  text NOT NULL DEFAULT '',
    kind                  text NOT NULL DEFAULT '',
    parent_id             text NOT NULL DEFAULT '',
    target                text NOT NULL DEFAULT '',
    place                 text NOT NULL DEFAULT '',
    url                   text NOT NULL DEFAULT '',
    created_at            timestamptz NOT NULL,
    deleted               boolean NOT NULL DEFAULT false,
    extra                 json, -- kept as written: values are raw JSON
    sentiment_label       text CHECK (sentiment_label IN ('positive', 'neutral', 'negative')),
    sentiment_score       double precision,
    sentiment_confidence  double precision,
    sentiment_model       text,
    sentiment_explain     jsonb,
    sentiment_unsupported boolean NOT NULL DEFAULT false,
    sentiment_corrected   boolean NOT NULL DEFAULT false,
    intent                text NOT NULL DEFAULT '',
    entities              jsonb,
    topics                text[] NOT NULL DEFAULT '{}',
    contacts              text[] NOT NULL DEFAULT '{}',
    stored_at             timestamptz NOT NULL DEFAULT now()
);

-- Newest first, overall and per brand; tombstones are never listed.
CREATE INDEX mentions_created_idx ON mentions (created_at DESC, id DESC) WHERE NOT deleted;
CREATE INDEX mentions_brand_created_idx ON mentions (brand, created_at DESC, id DESC) WHERE NOT deleted;
CREATE INDEX mentions_author_idx ON mentions (author_key, created_at DESC) WHERE NOT deleted;
CREATE INDEX mentions_contacts_idx ON mentions USING gin (contacts) WHERE cardinality(contacts) > 0;

CREATE TABLE accounts (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    domain     text NOT NULL DEFAULT '',
    tier       text NOT NULL DEFAULT '' CHECK (tier IN ('', 'platinum', 'gold', 'silver', 'bronze')),
    value      double precision NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX accounts_value_idx ON accounts (value DESC, id);

CREATE TABLE contacts (
    id         text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    email      text NOT NULL DEFAULT '',
    phone      text NOT NULL DEFAULT '',
    title      text NOT NULL DEFAULT '',
    account_id text NOT NULL DEFAULT '', -- not a foreign key: imports may bring contacts first
    tags       text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX contacts_name_idx ON contacts (name, id);
CREATE INDEX contacts_account_idx ON contacts (account_id, name, id);

-- A contact's accounts on social networks. An identity belongs to one
-- contact: by network and handle (ignoring case and a leading @, as in
-- handle_key), and by network and native id.
CREATE TABLE contact_identities (
    contact_id text COLLATE "C" NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    network    text NOT NULL,
    handle     text NOT NULL DEFAULT '',
    handle_key text NOT NULL DEFAULT '', -- handle in lower case without a leading @
    native_id  text NOT NULL DEFAULT '',
    PRIMARY KEY (contact_id, position)
);
CREATE UNIQUE INDEX contact_identities_handle_key ON contact_identities (network, handle_key)
    WHERE handle_key <> '';
CREATE UNIQUE INDEX contact_identities_native_key ON contact_identities (network, native_id)
    WHERE native_id <> '';

CREATE TABLE alerts (
    id          text COLLATE "C" PRIMARY KEY,
    fingerprint text NOT NULL DEFAULT '',
    brand       text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT '',
    start_at    timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    doc         jsonb NOT NULL -- the whole alert
);
CREATE INDEX alerts_start_idx ON alerts (start_at DESC, id DESC);
CREATE INDEX alerts_brand_start_idx ON alerts (brand, start_at DESC, id DESC);
CREATE INDEX alerts_status_start_idx ON alerts (status, start_at DESC, id DESC);

-- Small named blobs: collector cursors, snapshots, rules, weights.
CREATE TABLE state (
    key        text PRIMARY KEY,
    value      bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
