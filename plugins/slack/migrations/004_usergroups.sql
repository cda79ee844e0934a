-- User groups (@handles that mention several people at once).
CREATE TABLE usergroups (
  id          text PRIMARY KEY,
  team_id     text NOT NULL REFERENCES teams(id),
  name        text NOT NULL,
  handle      text NOT NULL,
  description text NOT NULL DEFAULT '',
  channels    text[] NOT NULL DEFAULT '{}',
  users       text[] NOT NULL DEFAULT '{}',
  created_by  text NOT NULL,
  updated_by  text NOT NULL,
  deleted_by  text,
  date_create bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  date_update bigint NOT NULL DEFAULT extract(epoch from now())::bigint,
  date_delete bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX usergroups_name ON usergroups (team_id, lower(name));
CREATE UNIQUE INDEX usergroups_handle ON usergroups (team_id, lower(handle));
