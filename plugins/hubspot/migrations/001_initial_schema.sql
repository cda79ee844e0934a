-- The HubSpot clone: one portal (account) with its apps and tokens, CRM records of every object type
-- as property maps, the property and pipeline metadata that validates them, and the association graph.

CREATE SEQUENCE object_ids START 10000100001;
CREATE SEQUENCE misc_ids START 90000001;

CREATE TABLE portals (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  domain text NOT NULL,
  time_zone text NOT NULL DEFAULT 'US/Eastern',
  currency text NOT NULL DEFAULT 'USD',
  created_at timestamptz NOT NULL
);

-- A private app (token minted at spin) or a public OAuth app (client id and secret derived from the clone's secret, never stored).
CREATE TABLE apps (
  id bigint PRIMARY KEY,
  portal_id bigint NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('private', 'public')),
  name text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL
);

-- Only sha256 hashes of tokens: private app tokens, OAuth access and refresh tokens, authorization codes.
CREATE TABLE tokens (
  hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('private_app', 'oauth_access', 'oauth_refresh', 'oauth_code', 'developer_key')),
  app_id bigint NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
  portal_id bigint NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
  scopes text[] NOT NULL,
  expires_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE owners (
  id bigint PRIMARY KEY,
  user_id bigint NOT NULL,
  email text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  teams jsonb NOT NULL DEFAULT '[]'::jsonb,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every CRM record: contacts, companies, deals, tickets, products, line items, engagements, custom objects.
CREATE TABLE objects (
  id bigint PRIMARY KEY DEFAULT nextval('object_ids'),
  type text NOT NULL,
  properties jsonb NOT NULL,
  -- {property: [{value, timestamp, sourceType, sourceId?}]}, newest first
  history jsonb NOT NULL DEFAULT '{}'::jsonb,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  archived_at timestamptz
);
CREATE INDEX objects_type_id ON objects (type, archived, id);
CREATE INDEX objects_contact_email ON objects (lower(properties->>'email')) WHERE type = 'contacts';

CREATE TABLE property_groups (
  object_type text NOT NULL,
  name text NOT NULL,
  label text NOT NULL,
  display_order integer NOT NULL DEFAULT -1,
  archived boolean NOT NULL DEFAULT false,
  PRIMARY KEY (object_type, name)
);

-- A property definition as HubSpot's Property model (data holds the model's fields).
CREATE TABLE properties (
  object_type text NOT NULL,
  name text NOT NULL,
  data jsonb NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  PRIMARY KEY (object_type, name)
);

CREATE TABLE pipelines (
  object_type text NOT NULL,
  id text NOT NULL,
  -- HubSpot's Pipeline model, stages included
  data jsonb NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  PRIMARY KEY (object_type, id)
);

CREATE TABLE association_types (
  type_id integer PRIMARY KEY,
  from_type text NOT NULL,
  to_type text NOT NULL,
  category text NOT NULL CHECK (category IN ('HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED')),
  label text,
  inverse_id integer NOT NULL,
  -- a limit set through the definition configurations API: at most this many records per record
  max_to_objects integer
);
CREATE SEQUENCE association_type_ids START 1000;

-- Both directions are stored, each with its own type id.
CREATE TABLE associations (
  from_type text NOT NULL,
  from_id bigint NOT NULL,
  to_type text NOT NULL,
  to_id bigint NOT NULL,
  type_id integer NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (from_id, to_id, type_id)
);
CREATE INDEX associations_from ON associations (from_id, to_type);

CREATE TABLE object_schemas (
  object_type_id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  data jsonb NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE SEQUENCE custom_object_ids START 1;

CREATE TABLE webhook_settings (
  app_id bigint PRIMARY KEY,
  target_url text NOT NULL,
  max_concurrent integer NOT NULL DEFAULT 10,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE webhook_subscriptions (
  id bigint PRIMARY KEY DEFAULT nextval('misc_ids'),
  app_id bigint NOT NULL,
  event_type text NOT NULL,
  property_name text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
