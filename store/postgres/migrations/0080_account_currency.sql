-- The currency of an account's value (ISO 4217); '' means the default, EUR.
ALTER TABLE accounts ADD COLUMN currency text NOT NULL DEFAULT ''
    CHECK (currency = '' OR currency ~ '^[A-Z]{3}$');
