-- The Stripe clone keeps every API object as a JSON document, in creation order (seq), so lists,
-- cursors, expansion and events work the same way for every resource.
CREATE TABLE accounts (
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Only the sha256 of a key is stored.
CREATE TABLE api_keys (
  hash text PRIMARY KEY,
  account text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('secret', 'publishable')),
  created bigint NOT NULL
);

CREATE TABLE objects (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  account text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  type text NOT NULL,
  created bigint NOT NULL,
  customer text,
  data jsonb NOT NULL
);
CREATE INDEX objects_account_type_seq ON objects (account, type, seq DESC);
CREATE INDEX objects_account_customer ON objects (account, customer, type) WHERE customer IS NOT NULL;

-- Responses of POST requests sent with an Idempotency-Key, replayed for the same key and parameters.
CREATE TABLE idempotency_keys (
  account text NOT NULL,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  params_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb NOT NULL,
  created timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, key)
);
