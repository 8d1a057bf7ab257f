-- The reminder of a task that fell due (socialcrm.TaskReminder as JSON),
-- recorded before it is sent; NULL until then.
ALTER TABLE activities ADD COLUMN reminder jsonb;
-- The reminder sweep: open tasks due and not yet reminded, or pending.
CREATE INDEX activities_reminder_idx ON activities (due_at)
    WHERE kind = 'task' AND NOT done AND (reminder IS NULL OR reminder->>'state' = 'pending');
