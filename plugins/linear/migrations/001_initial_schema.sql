-- The Linear clone keeps every entity (organization, users, teams, workflow states, issues, comments,
-- labels, projects, milestones, updates, cycles, attachments, relations, history, webhooks) as one
-- JSON document per row, shaped like Linear's GraphQL type, with references as `<field>Id` columns
-- of the document. `type` is the GraphQL type name.
CREATE TABLE records (
  id   text PRIMARY KEY,
  type text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX records_type ON records (type);
CREATE INDEX records_issue_team ON records ((data->>'teamId')) WHERE type = 'Issue';

-- Personal API keys (lin_api_…) and OAuth access tokens, by sha256 hash only.
CREATE TABLE api_keys (
  hash    text PRIMARY KEY,
  kind    text NOT NULL,
  user_id text NOT NULL,
  created bigint NOT NULL
);

-- Linear's lastSyncId: one increasing number per change.
CREATE SEQUENCE sync_id START 1000;
