-- The GitHub clone's schema. Ids come from one sequence (fixtures use ids below 1000); git objects
-- live in real repositories under the clone's data directory, described for the seed by git_seed.
CREATE SEQUENCE gh_ids START WITH 1000;

CREATE TABLE users (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  login text NOT NULL,
  type text NOT NULL DEFAULT 'User',            -- 'User' | 'Organization'
  name text, email text, company text, blog text NOT NULL DEFAULT '', location text, bio text,
  site_admin boolean NOT NULL DEFAULT false,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login ON users (lower(login));

CREATE TABLE org_members (
  org_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'member',          -- 'admin' | 'member'
  PRIMARY KEY (org_id, user_id)
);

-- Personal access tokens (classic, ghp_…): only the sha256 of the token is kept.
CREATE TABLE tokens (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hash text NOT NULL UNIQUE,
  scopes text NOT NULL DEFAULT 'repo, user, admin:org, admin:repo_hook, delete_repo',
  note text NOT NULL DEFAULT '',
  last_eight text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE repos (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  owner_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text, homepage text,
  private boolean NOT NULL DEFAULT false,
  default_branch text NOT NULL DEFAULT 'main',
  topics text[] NOT NULL DEFAULT '{}',
  has_issues boolean NOT NULL DEFAULT true,
  has_projects boolean NOT NULL DEFAULT true,
  has_wiki boolean NOT NULL DEFAULT true,
  archived boolean NOT NULL DEFAULT false,
  allow_merge_commit boolean NOT NULL DEFAULT true,
  allow_squash_merge boolean NOT NULL DEFAULT true,
  allow_rebase_merge boolean NOT NULL DEFAULT true,
  delete_branch_on_merge boolean NOT NULL DEFAULT false,
  next_number integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  pushed_at timestamptz
);
CREATE UNIQUE INDEX repos_owner_name ON repos (owner_id, lower(name));

-- Old owner/name of a renamed or transferred repository: GitHub answers 301 to the new one.
CREATE TABLE repo_redirects (
  owner_login text NOT NULL,
  name text NOT NULL,
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  PRIMARY KEY (owner_login, name)
);

CREATE TABLE collaborators (
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  permission text NOT NULL DEFAULT 'push',      -- pull | triage | push | maintain | admin
  PRIMARY KEY (repo_id, user_id)
);

CREATE TABLE labels (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  name text NOT NULL,
  color text NOT NULL DEFAULT 'ededed',
  description text,
  is_default boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX labels_repo_name ON labels (repo_id, lower(name));

CREATE TABLE milestones (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  number integer NOT NULL,
  title text NOT NULL,
  description text,
  state text NOT NULL DEFAULT 'open',
  due_on timestamptz,
  creator_id bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (repo_id, number)
);

-- Issues and pull requests share numbers per repository; a pull request is an issue with a pulls row.
CREATE TABLE issues (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  number integer NOT NULL,
  title text NOT NULL,
  body text,
  user_id bigint NOT NULL REFERENCES users(id),
  state text NOT NULL DEFAULT 'open',
  state_reason text,
  locked boolean NOT NULL DEFAULT false,
  active_lock_reason text,
  milestone_id bigint REFERENCES milestones(id) ON DELETE SET NULL,
  is_pull boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  closed_by bigint REFERENCES users(id),
  UNIQUE (repo_id, number)
);

CREATE TABLE issue_labels (
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  label_id bigint NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, label_id)
);
CREATE TABLE issue_assignees (
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, user_id)
);

CREATE TABLE pulls (
  issue_id bigint PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
  id bigint NOT NULL UNIQUE DEFAULT nextval('gh_ids'),
  head_ref text NOT NULL,
  head_sha text NOT NULL,
  base_ref text NOT NULL,
  draft boolean NOT NULL DEFAULT false,
  merged boolean NOT NULL DEFAULT false,
  merged_at timestamptz,
  merged_by bigint REFERENCES users(id),
  merge_commit_sha text
);

CREATE TABLE review_requests (
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, user_id)
);

CREATE TABLE comments (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reviews (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id),
  state text NOT NULL,                          -- PENDING | COMMENTED | APPROVED | CHANGES_REQUESTED | DISMISSED
  body text NOT NULL DEFAULT '',
  commit_id text NOT NULL,
  submitted_at timestamptz
);

CREATE TABLE review_comments (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  review_id bigint REFERENCES reviews(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id),
  body text NOT NULL,
  path text NOT NULL,
  line integer,
  side text NOT NULL DEFAULT 'RIGHT',
  commit_id text NOT NULL,
  in_reply_to bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reactions (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  subject_type text NOT NULL,                   -- issue | comment
  subject_id bigint NOT NULL,
  user_id bigint NOT NULL REFERENCES users(id),
  content text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject_type, subject_id, user_id, content)
);

-- The issue events (closed, reopened, labeled, assigned, locked, merged, referenced …).
CREATE TABLE issue_events (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  actor_id bigint REFERENCES users(id),
  event text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hooks (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  active boolean NOT NULL DEFAULT true,
  events text[] NOT NULL DEFAULT '{push}',
  config jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hook_deliveries (
  id bigint PRIMARY KEY DEFAULT nextval('gh_ids'),
  hook_id bigint NOT NULL REFERENCES hooks(id) ON DELETE CASCADE,
  guid text NOT NULL,
  event text NOT NULL,
  action text,
  redelivery boolean NOT NULL DEFAULT false,
  status_code integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending',
  duration double precision NOT NULL DEFAULT 0,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  request jsonb NOT NULL,
  response jsonb NOT NULL DEFAULT '{}'
);

-- What the seed's git repositories hold, replayed with `git fast-import` into a bare repository per
-- repo (deterministic: fixed authors and dates, so the same commit ids on every machine).
-- ops: commit {branch, from?, merge?, message, author: login, at: unix seconds, files: {path: text|null}}
--      or branch {branch, from}.
CREATE TABLE git_seed (
  repo_id bigint NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  op jsonb NOT NULL,
  PRIMARY KEY (repo_id, seq)
);
