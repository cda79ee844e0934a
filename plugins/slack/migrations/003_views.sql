-- Block Kit surfaces an app opens: modals (views.open/push/update) and App Home tabs (views.publish).
CREATE TABLE views (
  id               text PRIMARY KEY,
  team_id          text NOT NULL,
  app_id           text NOT NULL,
  bot_id           text,
  user_id          text NOT NULL,
  type             text NOT NULL CHECK (type IN ('modal', 'home')),
  root_view_id     text NOT NULL,
  previous_view_id text,
  external_id      text,
  view             jsonb NOT NULL,
  state            jsonb NOT NULL DEFAULT '{"values": {}}',
  hash             text NOT NULL,
  closed           boolean NOT NULL DEFAULT false,
  created          bigint NOT NULL DEFAULT extract(epoch from now())::bigint
);
CREATE UNIQUE INDEX views_home ON views (app_id, user_id) WHERE type = 'home';
CREATE UNIQUE INDEX views_external ON views (app_id, external_id) WHERE external_id IS NOT NULL;
