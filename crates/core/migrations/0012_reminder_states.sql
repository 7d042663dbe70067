-- Schema 12: what each user did with the reminder of a task. A reminder is
-- for the task's assignee, at the task's remind moment (its due date and
-- time, 09:00 for a task with a date and no time, less `remind_before_minutes`),
-- 'YYYY-MM-DDTHH:MM' in the office's wall-clock time like the due date and
-- time. A row holds the moment it was written for: when the task is
-- rescheduled or its reminder changed, the row no longer matches and the
-- reminder is new again. `notified_at` (RFC 3339) is when a notification
-- was sent, so it is sent once; `dismissed_at` (RFC 3339) ends the
-- reminder; `snoozed_until` ('YYYY-MM-DDTHH:MM') puts it off and lets it be
-- sent again then.
CREATE TABLE reminder_states (
    task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    remind_at     TEXT NOT NULL CHECK (length(remind_at) = 16),
    notified_at   TEXT,
    dismissed_at  TEXT,
    snoozed_until TEXT CHECK (snoozed_until IS NULL OR length(snoozed_until) = 16),
    PRIMARY KEY (task_id, user_id)
) STRICT;
