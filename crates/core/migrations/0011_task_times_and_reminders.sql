-- Schema 11: a task can have a time of day beside its due date, a duration
-- (a meeting) and a reminder. The date stays in `due_date` and the time goes
-- in its own column, 'HH:MM' local wall-clock time of the office like the
-- dates, NULL for a task due on a day but at no particular time: the lists
-- by day (today, overdue, upcoming) keep comparing dates, and a calendar
-- asks for a range of dates through the index below, then orders by time.
-- `duration_minutes` is NULL for none; `remind_before_minutes` is NULL for
-- no reminder, 0 for one at the due moment.
ALTER TABLE tasks ADD COLUMN due_time TEXT
    CHECK (due_time IS NULL OR (due_date IS NOT NULL AND length(due_time) = 5));
ALTER TABLE tasks ADD COLUMN duration_minutes INTEGER
    CHECK (duration_minutes IS NULL OR duration_minutes > 0);
ALTER TABLE tasks ADD COLUMN remind_before_minutes INTEGER
    CHECK (remind_before_minutes IS NULL OR (due_date IS NOT NULL AND remind_before_minutes >= 0));
CREATE INDEX tasks_by_due ON tasks (deleted_at, due_date, due_time);
