-- The audit trail: who changed what, and who exported whose personal data.
-- Append-only: a trigger refuses updates and deletes.
CREATE TABLE audit (
    id          text COLLATE "C" PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    target      text NOT NULL DEFAULT '',
    before      jsonb,
    after       jsonb,
    status      integer NOT NULL DEFAULT 0,
    request_id  text NOT NULL DEFAULT '',
    remote_addr text NOT NULL DEFAULT ''
);
CREATE INDEX audit_at_idx ON audit (at DESC, id DESC);
CREATE INDEX audit_actor_idx ON audit (actor, at DESC);
CREATE INDEX audit_target_idx ON audit (target, at DESC);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
