-- Schema 22: an alert's summary as a stable reason with named values, so a
-- screen can say it in the user's language (`summary` stays the English
-- sentence, and is what an alert raised before this shows).
ALTER TABLE alerts ADD COLUMN reason TEXT;
ALTER TABLE alerts ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
