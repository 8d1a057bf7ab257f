-- Pipeline stages are configurable: a stage is any well-formed name, and an
-- opportunity carries the outcome of its stage (won, lost) in its document,
-- so that a stage the configuration later drops still reads as open or
-- closed.
ALTER TABLE opportunities DROP CONSTRAINT IF EXISTS opportunities_stage_check;
ALTER TABLE opportunities ADD CONSTRAINT opportunities_stage_name CHECK (stage ~ '^[a-z0-9_-]{1,40}$');
UPDATE opportunities SET doc = doc || jsonb_build_object('outcome', stage)
    WHERE stage IN ('won', 'lost') AND NOT doc ? 'outcome';
