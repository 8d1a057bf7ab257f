-- Contacts and accounts get a lifecycle stage and an owner (a user ID);
-- accounts get tags as contacts have them.
ALTER TABLE contacts
    ADD COLUMN lifecycle text NOT NULL DEFAULT ''
        CHECK (lifecycle IN ('', 'lead', 'prospect', 'customer', 'former_customer')),
    ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE accounts
    ADD COLUMN lifecycle text NOT NULL DEFAULT ''
        CHECK (lifecycle IN ('', 'lead', 'prospect', 'customer', 'former_customer')),
    ADD COLUMN owner text NOT NULL DEFAULT '',
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX contacts_owner_idx ON contacts (owner) WHERE owner <> '';
