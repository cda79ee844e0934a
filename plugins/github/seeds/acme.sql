-- Fixture `acme`: the acme org, six people, acme/hello-world with history on main, a feature branch,
-- open and closed issues, an open and a merged pull request, labels and a milestone; plus dana's
-- private repository. Every user's password is `password123`. Fixed ids and times: reset is exact.
-- The repositories' git contents are the git_seed rows (replayed with git fast-import, so the commit
-- ids below are the same on every machine: test/seed.integration.test.ts checks them).
INSERT INTO users (id, login, type, name, email, company, location, bio, password_hash, created_at, updated_at) VALUES
  (1, 'dana', 'User', 'Dana Reyes', 'dana@acme.test', 'Acme', 'Lisbon', 'Engineering lead at Acme', 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-02T09:00:00Z', '2023-01-02T09:00:00Z'),
  (2, 'alex', 'User', 'Alex Kim', 'alex@acme.test', 'Acme', 'Seoul', NULL, 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-03T09:00:00Z', '2023-01-03T09:00:00Z'),
  (3, 'sam', 'User', 'Sam Okafor', 'sam@acme.test', 'Acme', 'Lagos', NULL, 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-04T09:00:00Z', '2023-01-04T09:00:00Z'),
  (4, 'lee', 'User', 'Lee Novak', 'lee@acme.test', 'Acme', 'Prague', NULL, 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-05T09:00:00Z', '2023-01-05T09:00:00Z'),
  (5, 'robin', 'User', 'Robin Silva', 'robin@acme.test', NULL, 'São Paulo', NULL, 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-06T09:00:00Z', '2023-01-06T09:00:00Z'),
  (6, 'casey', 'User', 'Casey Moore', 'casey@acme.test', NULL, 'Denver', NULL, 'scrypt$acmeseed$dd50fdab93162ccba048cca17394cc0ca8f9b59760982bc564e94b470743d365', '2023-01-07T09:00:00Z', '2023-01-07T09:00:00Z'),
  (10, 'acme', 'Organization', 'Acme Corp', 'hello@acme.test', 'Acme', 'Remote', 'We make everything', NULL, '2023-01-01T09:00:00Z', '2023-01-01T09:00:00Z');

INSERT INTO org_members (org_id, user_id, role) VALUES (10, 1, 'admin'), (10, 2, 'member'), (10, 3, 'member'), (10, 4, 'member'), (10, 5, 'member');

INSERT INTO repos (id, owner_id, name, description, private, default_branch, topics, next_number, created_at, updated_at, pushed_at) VALUES
  (20, 10, 'hello-world', 'My first repository on GitHub!', false, 'main', '{greeting,example}', 7, '2024-01-01T10:00:00Z', '2024-01-20T10:00:00Z', '2024-01-20T10:00:00Z'),
  (21, 1, 'notes', 'Dana''s private notes', true, 'main', '{}', 1, '2024-01-05T10:00:00Z', '2024-01-05T10:00:00Z', '2024-01-05T10:00:00Z');

INSERT INTO collaborators (repo_id, user_id, permission) VALUES (20, 6, 'pull');

INSERT INTO git_seed (repo_id, seq, op) VALUES
  (20, 1, '{"type": "commit", "branch": "main", "author": "dana", "at": 1704103200, "message": "Initial commit", "files": {"README.md": "# hello-world\nMy first repository on GitHub!\n"}}'),
  (20, 2, '{"type": "commit", "branch": "main", "author": "alex", "at": 1704189600, "message": "Add a greeting script", "files": {"hello.js": "console.log(''Hello, world!'');\n"}}'),
  (20, 3, '{"type": "commit", "branch": "main", "author": "sam", "at": 1704276000, "message": "Add a contributing guide\n\nCloses #3", "files": {"CONTRIBUTING.md": "# Contributing\n\nOpen a pull request agianst main.\n", "docs/setup.md": "# Setup\n\nRun `node hello.js`.\n"}}'),
  (20, 4, '{"type": "branch", "branch": "fix/typo", "from": "main"}'),
  (20, 5, '{"type": "commit", "branch": "fix/typo", "author": "lee", "at": 1704362400, "message": "Fix a typo in the contributing guide", "files": {"CONTRIBUTING.md": "# Contributing\n\nOpen a pull request against main.\n"}}'),
  (20, 6, '{"type": "branch", "branch": "feature/greeting-name", "from": "main"}'),
  (20, 7, '{"type": "commit", "branch": "feature/greeting-name", "author": "alex", "at": 1704448800, "message": "Greet the user by name", "files": {"hello.js": "const name = process.argv[2] ?? ''world'';\nconsole.log(`Hello, ${name}!`);\n"}}'),
  (20, 8, '{"type": "commit", "branch": "main", "author": "dana", "at": 1705744800, "message": "Merge pull request #5 from acme/fix/typo\n\nFix a typo in the contributing guide", "merge": "fix/typo", "files": {"CONTRIBUTING.md": "# Contributing\n\nOpen a pull request against main.\n"}}'),
  (21, 1, '{"type": "commit", "branch": "main", "author": "dana", "at": 1704448800, "message": "Start my notes", "files": {"todo.md": "- ship the greeting feature\n"}}');

INSERT INTO labels (id, repo_id, name, color, description, is_default) VALUES
  (101, 20, 'bug', 'd73a4a', 'Something isn''t working', true),
  (102, 20, 'documentation', '0075ca', 'Improvements or additions to documentation', true),
  (103, 20, 'duplicate', 'cfd3d7', 'This issue or pull request already exists', true),
  (104, 20, 'enhancement', 'a2eeef', 'New feature or request', true),
  (105, 20, 'good first issue', '7057ff', 'Good for newcomers', true),
  (106, 20, 'help wanted', '008672', 'Extra attention is needed', true),
  (107, 20, 'invalid', 'e4e669', 'This doesn''t seem right', true),
  (108, 20, 'question', 'd876e3', 'Further information is requested', true),
  (109, 20, 'wontfix', 'ffffff', 'This will not be worked on', true);

INSERT INTO milestones (id, repo_id, number, title, description, state, due_on, creator_id, created_at, updated_at) VALUES
  (150, 20, 1, 'v1.0', 'The first release', 'open', '2024-03-01T08:00:00Z', 1, '2024-01-02T10:00:00Z', '2024-01-02T10:00:00Z');

INSERT INTO issues (id, repo_id, number, title, body, user_id, state, state_reason, milestone_id, is_pull, created_at, updated_at, closed_at, closed_by) VALUES
  (201, 20, 1, 'Greet the user by name', 'The greeting should use the name given on the command line.', 3, 'open', NULL, 150, false, '2024-01-03T12:00:00Z', '2024-01-03T12:00:00Z', NULL, NULL),
  (202, 20, 2, 'Crash when the terminal has no colours', 'Running `node hello.js` in a dumb terminal prints garbage.', 5, 'open', NULL, NULL, false, '2024-01-04T12:00:00Z', '2024-01-04T12:00:00Z', NULL, NULL),
  (203, 20, 3, 'Add a contributing guide', 'New contributors ask how to send changes.', 3, 'closed', 'completed', 150, false, '2024-01-02T12:00:00Z', '2024-01-03T10:00:00Z', '2024-01-03T10:00:00Z', 3),
  (204, 20, 4, 'Greet the user by name', 'Closes #1', 2, 'open', NULL, 150, true, '2024-01-05T10:00:00Z', '2024-01-05T10:00:00Z', NULL, NULL),
  (205, 20, 5, 'Fix a typo in the contributing guide', '', 4, 'closed', NULL, NULL, true, '2024-01-04T10:00:00Z', '2024-01-20T10:00:00Z', '2024-01-20T10:00:00Z', 1),
  (206, 20, 6, 'Publish the package', 'We should publish hello-world once v1.0 is out.', 1, 'closed', 'not_planned', NULL, false, '2024-01-06T12:00:00Z', '2024-01-07T12:00:00Z', '2024-01-07T12:00:00Z', 1);

INSERT INTO issue_labels (issue_id, label_id) VALUES (201, 104), (202, 101), (203, 102), (204, 104), (205, 102), (206, 109);
INSERT INTO issue_assignees (issue_id, user_id) VALUES (201, 2), (204, 2), (202, 4);

INSERT INTO pulls (issue_id, id, head_ref, head_sha, base_ref, draft, merged, merged_at, merged_by, merge_commit_sha) VALUES
  (204, 304, 'feature/greeting-name', 'e0cdea96a21a8ce817819d855603c6658a87cd4d', 'main', false, false, NULL, NULL, NULL),
  (205, 305, 'fix/typo', '382b0678e31c73bfc0993665de300cadece0bcb7', 'main', false, true, '2024-01-20T10:00:00Z', 1, '5a6c490da9da06a99de30ff754eb36d4a1be1bb4');

INSERT INTO review_requests (issue_id, user_id) VALUES (204, 1);
INSERT INTO reviews (id, issue_id, user_id, state, body, commit_id, submitted_at) VALUES (401, 205, 1, 'APPROVED', 'Thanks!', '382b0678e31c73bfc0993665de300cadece0bcb7', '2024-01-19T10:00:00Z');

INSERT INTO comments (id, issue_id, user_id, body, created_at, updated_at) VALUES
  (501, 201, 2, 'I can take this one.', '2024-01-03T13:00:00Z', '2024-01-03T13:00:00Z'),
  (502, 202, 4, 'I see it too on an old xterm.', '2024-01-04T13:00:00Z', '2024-01-04T13:00:00Z'),
  (503, 204, 1, 'Looks good so far; will review tomorrow.', '2024-01-05T11:00:00Z', '2024-01-05T11:00:00Z');

INSERT INTO reactions (id, subject_type, subject_id, user_id, content, created_at) VALUES
  (601, 'issue', 201, 1, '+1', '2024-01-03T14:00:00Z'),
  (602, 'comment', 501, 3, 'heart', '2024-01-03T14:00:00Z');

INSERT INTO issue_events (id, issue_id, actor_id, event, data, created_at) VALUES
  (701, 201, 1, 'milestoned', '{"milestone": "v1.0"}', '2024-01-03T12:05:00Z'),
  (702, 201, 1, 'assigned', '{"assignee_id": 2, "assigner_id": 1}', '2024-01-03T12:06:00Z'),
  (703, 203, 3, 'closed', '{"state_reason": "completed"}', '2024-01-03T10:00:00Z'),
  (704, 205, 1, 'merged', '{"commit_id": "5a6c490da9da06a99de30ff754eb36d4a1be1bb4"}', '2024-01-20T10:00:00Z'),
  (705, 205, 1, 'closed', '{"commit_id": "5a6c490da9da06a99de30ff754eb36d4a1be1bb4"}', '2024-01-20T10:00:00Z'),
  (706, 204, 2, 'review_requested', '{"reviewer_id": 1}', '2024-01-05T10:01:00Z'),
  (707, 206, 1, 'closed', '{"state_reason": "not_planned"}', '2024-01-07T12:00:00Z');
