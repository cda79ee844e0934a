-- Slack clone schema: one workspace (team), its users, apps/bots, tokens (sha256 hashes only),
-- conversations with members, messages (threads in the same table), reactions, pins, files,
-- scheduled messages, custom emoji and the clone's own settings.

CREATE TABLE teams (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  domain        text NOT NULL,
  email_domain  text NOT NULL DEFAULT '',
  created       bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);

CREATE TABLE users (
  id                 text PRIMARY KEY,
  team_id            text NOT NULL REFERENCES teams(id),
  name               text NOT NULL,
  real_name          text NOT NULL DEFAULT '',
  display_name       text NOT NULL DEFAULT '',
  first_name         text NOT NULL DEFAULT '',
  last_name          text NOT NULL DEFAULT '',
  email              text,
  title              text NOT NULL DEFAULT '',
  phone              text NOT NULL DEFAULT '',
  status_text        text NOT NULL DEFAULT '',
  status_emoji       text NOT NULL DEFAULT '',
  status_expiration  bigint NOT NULL DEFAULT 0,
  tz                 text NOT NULL DEFAULT 'America/Los_Angeles',
  tz_label           text NOT NULL DEFAULT 'Pacific Standard Time',
  tz_offset          integer NOT NULL DEFAULT -28800,
  color              text NOT NULL DEFAULT '9f69e7',
  is_bot             boolean NOT NULL DEFAULT false,
  is_app_user        boolean NOT NULL DEFAULT false,
  is_admin           boolean NOT NULL DEFAULT false,
  is_owner           boolean NOT NULL DEFAULT false,
  is_primary_owner   boolean NOT NULL DEFAULT false,
  is_restricted      boolean NOT NULL DEFAULT false,
  is_ultra_restricted boolean NOT NULL DEFAULT false,
  deleted            boolean NOT NULL DEFAULT false,
  bot_id             text,
  app_id             text,
  presence           text NOT NULL DEFAULT 'active',
  password           text,
  updated            bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);
CREATE UNIQUE INDEX users_name ON users (team_id, name);
CREATE INDEX users_email ON users (lower(email));

CREATE TABLE apps (
  id              text PRIMARY KEY,
  team_id         text NOT NULL REFERENCES teams(id),
  name            text NOT NULL,
  bot_id          text,
  bot_user_id     text,
  signing_secret  text NOT NULL,
  request_url     text,
  is_default      boolean NOT NULL DEFAULT false,
  created         bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);

CREATE TABLE bots (
  id        text PRIMARY KEY,
  team_id   text NOT NULL REFERENCES teams(id),
  app_id    text,
  user_id   text,
  name      text NOT NULL,
  deleted   boolean NOT NULL DEFAULT false,
  updated   bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);

CREATE TABLE tokens (
  hash      text PRIMARY KEY,
  kind      text NOT NULL CHECK (kind IN ('bot', 'user', 'app')),
  team_id   text NOT NULL,
  app_id    text,
  user_id   text,
  scopes    text[] NOT NULL DEFAULT '{}',
  created   bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);

CREATE TABLE conversations (
  id              text PRIMARY KEY,
  team_id         text NOT NULL REFERENCES teams(id),
  name            text,
  kind            text NOT NULL CHECK (kind IN ('channel', 'private', 'im', 'mpim')),
  is_general      boolean NOT NULL DEFAULT false,
  is_archived     boolean NOT NULL DEFAULT false,
  creator         text,
  im_user         text,
  topic           text NOT NULL DEFAULT '',
  topic_creator   text NOT NULL DEFAULT '',
  topic_last_set  bigint NOT NULL DEFAULT 0,
  purpose         text NOT NULL DEFAULT '',
  purpose_creator text NOT NULL DEFAULT '',
  purpose_last_set bigint NOT NULL DEFAULT 0,
  previous_names  text[] NOT NULL DEFAULT '{}',
  created         bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  updated         bigint NOT NULL DEFAULT (extract(epoch from now()) * 1000)::bigint
);
CREATE UNIQUE INDEX conversations_name ON conversations (team_id, name) WHERE kind IN ('channel', 'private');

CREATE TABLE members (
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id         text NOT NULL REFERENCES users(id),
  joined          bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  last_read       text NOT NULL DEFAULT '0000000000.000000',
  is_open         boolean NOT NULL DEFAULT true,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE messages (
  channel_id   text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  ts           text NOT NULL CHECK (ts ~ '^[0-9]{10}\.[0-9]{6}$'),
  team_id      text NOT NULL,
  user_id      text,
  bot_id       text,
  app_id       text,
  subtype      text,
  text         text NOT NULL DEFAULT '',
  thread_ts    text,
  blocks       jsonb,
  attachments  jsonb,
  metadata     jsonb,
  username     text,
  icons        jsonb,
  files        text[] NOT NULL DEFAULT '{}',
  client_msg_id text,
  edited_user  text,
  edited_ts    text,
  extra        jsonb,
  PRIMARY KEY (channel_id, ts)
);
CREATE INDEX messages_thread ON messages (channel_id, thread_ts) WHERE thread_ts IS NOT NULL;

CREATE TABLE reactions (
  channel_id text NOT NULL,
  ts         text NOT NULL,
  name       text NOT NULL,
  user_id    text NOT NULL,
  seq        bigserial,
  PRIMARY KEY (channel_id, ts, name, user_id),
  FOREIGN KEY (channel_id, ts) REFERENCES messages(channel_id, ts) ON DELETE CASCADE
);

CREATE TABLE pins (
  channel_id text NOT NULL,
  ts         text NOT NULL,
  created_by text NOT NULL,
  created    bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  PRIMARY KEY (channel_id, ts),
  FOREIGN KEY (channel_id, ts) REFERENCES messages(channel_id, ts) ON DELETE CASCADE
);

CREATE TABLE files (
  id          text PRIMARY KEY,
  team_id     text NOT NULL,
  user_id     text NOT NULL,
  name        text NOT NULL,
  title       text NOT NULL DEFAULT '',
  mimetype    text NOT NULL DEFAULT 'application/octet-stream',
  filetype    text NOT NULL DEFAULT 'binary',
  size        bigint NOT NULL DEFAULT 0,
  expected_size bigint,
  content     bytea,
  alt_txt     text,
  complete    boolean NOT NULL DEFAULT false,
  deleted     boolean NOT NULL DEFAULT false,
  created     bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);

CREATE TABLE file_shares (
  file_id    text NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  channel_id text NOT NULL,
  ts         text NOT NULL,
  PRIMARY KEY (file_id, channel_id, ts)
);

CREATE TABLE scheduled_messages (
  id          text PRIMARY KEY,
  team_id     text NOT NULL,
  channel_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  post_at     bigint NOT NULL,
  date_created bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  text        text NOT NULL DEFAULT '',
  args        jsonb NOT NULL DEFAULT '{}',
  user_id     text,
  bot_id      text,
  app_id      text,
  posted_ts   text
);
CREATE INDEX scheduled_due ON scheduled_messages (post_at) WHERE posted_ts IS NULL;

CREATE TABLE emoji (
  name   text PRIMARY KEY,
  url    text NOT NULL
);

CREATE TABLE clone_settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
