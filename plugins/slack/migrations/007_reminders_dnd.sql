-- Reminders (delivered by Slackbot when due) and Do Not Disturb snoozes.
CREATE TABLE reminders (
  id           text PRIMARY KEY,
  team_id      text NOT NULL,
  creator      text NOT NULL,
  user_id      text NOT NULL,
  text         text NOT NULL,
  time         bigint NOT NULL,
  complete_ts  bigint NOT NULL DEFAULT 0,
  fired        boolean NOT NULL DEFAULT false
);
CREATE INDEX reminders_due ON reminders (time) WHERE NOT fired;

ALTER TABLE users ADD COLUMN snooze_until bigint NOT NULL DEFAULT 0;
