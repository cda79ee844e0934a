-- The Notion clone's data. Pages, databases and blocks share one table (Notion treats all three as
-- blocks: a page is a child_page block of its parent, a database a child_database block); a
-- database's schema lives in its data sources. Only sha256 hashes of integration tokens are kept.
CREATE TABLE workspace (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_time timestamptz NOT NULL
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('person', 'bot')),
  name text,
  avatar_url text,
  email text,
  position integer NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
  hash text PRIMARY KEY,
  bot_id uuid NOT NULL REFERENCES users (id),
  created_time timestamptz NOT NULL
);

CREATE TABLE blocks (
  id uuid PRIMARY KEY,
  -- 'page', 'database' or 'block'
  kind text NOT NULL,
  -- the block type: child_page, child_database, paragraph, heading_1 …
  type text NOT NULL,
  -- workspace | page_id | block_id | data_source_id
  parent_type text NOT NULL,
  parent_id uuid,
  position double precision NOT NULL DEFAULT 0,
  -- a block's type payload (without children); a page's {properties, icon, cover};
  -- a database's {title, description, icon, cover, is_inline}
  content jsonb NOT NULL DEFAULT '{}',
  -- shared with the integration (access is inherited by everything below)
  shared boolean NOT NULL DEFAULT false,
  in_trash boolean NOT NULL DEFAULT false,
  is_locked boolean NOT NULL DEFAULT false,
  created_time timestamptz NOT NULL,
  last_edited_time timestamptz NOT NULL,
  created_by uuid NOT NULL,
  last_edited_by uuid NOT NULL,
  seq bigserial NOT NULL
);
CREATE INDEX blocks_parent ON blocks (parent_id, position);

CREATE TABLE data_sources (
  id uuid PRIMARY KEY,
  database_id uuid NOT NULL,
  title jsonb NOT NULL DEFAULT '[]',
  description jsonb NOT NULL DEFAULT '[]',
  icon jsonb,
  -- the schema: an ordered array of {id, name, type, description, <type>: config}
  properties jsonb NOT NULL DEFAULT '[]',
  -- next unique_id number per unique_id property id
  counters jsonb NOT NULL DEFAULT '{}',
  in_trash boolean NOT NULL DEFAULT false,
  created_time timestamptz NOT NULL,
  last_edited_time timestamptz NOT NULL,
  created_by uuid NOT NULL,
  last_edited_by uuid NOT NULL,
  seq bigserial NOT NULL
);
CREATE INDEX data_sources_database ON data_sources (database_id);

CREATE TABLE comments (
  id uuid PRIMARY KEY,
  discussion_id uuid NOT NULL,
  parent_type text NOT NULL,
  parent_id uuid NOT NULL,
  rich_text jsonb NOT NULL,
  attachments jsonb,
  display_name jsonb,
  created_time timestamptz NOT NULL,
  last_edited_time timestamptz NOT NULL,
  created_by uuid NOT NULL,
  seq bigserial NOT NULL
);
CREATE INDEX comments_parent ON comments (parent_id);

CREATE TABLE file_uploads (
  id uuid PRIMARY KEY,
  mode text NOT NULL,
  status text NOT NULL,
  filename text,
  content_type text,
  content_length bigint,
  number_of_parts integer,
  parts jsonb NOT NULL DEFAULT '{}',
  data bytea,
  external_url text,
  -- the outcome of importing an external_url upload: {type: success|error, …}
  import_result jsonb,
  in_trash boolean NOT NULL DEFAULT false,
  created_time timestamptz NOT NULL,
  last_edited_time timestamptz NOT NULL,
  expiry_time timestamptz,
  created_by uuid NOT NULL,
  seq bigserial NOT NULL
);

CREATE TABLE views (
  id uuid PRIMARY KEY,
  database_id uuid NOT NULL,
  data_source_id uuid,
  name text NOT NULL,
  type text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  created_time timestamptz NOT NULL,
  last_edited_time timestamptz NOT NULL,
  created_by uuid NOT NULL,
  seq bigserial NOT NULL
);

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  url text NOT NULL,
  verification_token text NOT NULL,
  event_types text[],
  created_time timestamptz NOT NULL
);
