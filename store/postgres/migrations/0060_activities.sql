-- Activities: notes, tasks, logged calls, meetings, emails and messages on
-- a record of any kind (contact, account, lead, opportunity, case).
CREATE TABLE activities (
    id          text COLLATE "C" PRIMARY KEY,
    kind        text NOT NULL,
    subject     text NOT NULL DEFAULT '',
    body        text NOT NULL DEFAULT '',
    due_at      timestamptz,
    done        boolean NOT NULL DEFAULT false,
    done_at     timestamptz,
    assignee    text NOT NULL DEFAULT '',
    record_kind text NOT NULL,
    record_id   text COLLATE "C" NOT NULL,
    author      text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX activities_record_idx ON activities (record_kind, record_id, created_at DESC, id DESC);
CREATE INDEX activities_created_idx ON activities (created_at DESC, id DESC);
CREATE INDEX activities_open_tasks_idx ON activities (due_at) WHERE kind = 'task' AND NOT done;
