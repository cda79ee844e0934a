-- Channel bookmarks (links pinned to a conversation's header).
CREATE TABLE bookmarks (
  id           text PRIMARY KEY,
  channel_id   text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  title        text NOT NULL,
  link         text NOT NULL,
  emoji        text,
  rank         text NOT NULL,
  created_by   text NOT NULL,
  updated_by   text NOT NULL,
  date_created bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  date_updated bigint NOT NULL DEFAULT 0
);
