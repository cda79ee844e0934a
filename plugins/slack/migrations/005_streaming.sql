-- Messages an app is still streaming (chat.startStream … chat.stopStream), and the status an
-- assistant shows in a thread (assistant.threads.setStatus).
ALTER TABLE messages ADD COLUMN streaming boolean NOT NULL DEFAULT false;

CREATE TABLE assistant_threads (
  channel_id        text NOT NULL,
  thread_ts         text NOT NULL,
  app_id            text NOT NULL,
  status            text NOT NULL DEFAULT '',
  title             text,
  suggested_prompts jsonb,
  PRIMARY KEY (channel_id, thread_ts, app_id)
);
