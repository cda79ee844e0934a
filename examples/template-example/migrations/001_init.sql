-- Migrations run in file-name order on a fresh clone database; fixtures load after them.
-- Credentials: only the sha256 hash (hex) of a token is stored, never the token.
CREATE TABLE api_keys (
  id         text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  label      text NOT NULL
);

CREATE TABLE notes (
  id         text PRIMARY KEY,
  text       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_created ON notes (created_at, id);
