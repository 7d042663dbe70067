-- Schema 23: the Tasks tabs page by key (ADR 0023).
--
-- A page starts after the last row of the one before it, so each tab's
-- order needs an index whose columns end with exactly that order. The open
-- tabs (today, overdue, upcoming) order by due date, then the tasks of a
-- day without a time before those with one, by time, then by id: in an
-- index NULL sorts first, so `(due_date, due_time, id)` is that order, and
-- a page walks it one stretch at a time (the rest of the last row's time,
-- the rest of its day, the days after it; then the tasks without a date).
-- The done tab orders by `done_at DESC, id DESC`. "Only mine" is a filter
-- every tab offers, so each order also has an index led by the assignee.
-- `tasks_open_by_due (deleted_at, done_at, due_date)` is a prefix of the
-- first one and goes.
DROP INDEX tasks_open_by_due;
CREATE INDEX tasks_by_state_and_due ON tasks (deleted_at, done_at, due_date, due_time, id);
CREATE INDEX tasks_of_assignee_by_state_and_due
    ON tasks (assignee_id, deleted_at, done_at, due_date, due_time, id);
CREATE INDEX tasks_by_done ON tasks (deleted_at, done_at, id);
CREATE INDEX tasks_of_assignee_by_done ON tasks (assignee_id, deleted_at, done_at, id);
