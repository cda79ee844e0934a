-- Fixture `octokit`: shaped like the account @octokit/fixtures recorded its scenarios with: the org
-- octokit-fixture-org (user-a admin, user-b member) and its public hello-world repository with one
-- README commit, so those scenarios can be pointed at a clone. Fixed ids and times.
INSERT INTO users (id, login, type, name, email, created_at, updated_at) VALUES
  (1, 'octokit-fixture-user-a', 'User', NULL, 'octokit-fixture-user-a@example.test', '2017-04-11T18:30:00Z', '2017-04-11T18:30:00Z'),
  (2, 'octokit-fixture-user-b', 'User', NULL, 'octokit-fixture-user-b@example.test', '2017-04-11T18:31:00Z', '2017-04-11T18:31:00Z'),
  (10, 'octokit-fixture-org', 'Organization', NULL, NULL, '2017-04-11T18:35:00Z', '2017-04-11T18:35:00Z');

INSERT INTO org_members (org_id, user_id, role) VALUES (10, 1, 'admin'), (10, 2, 'member');

INSERT INTO repos (id, owner_id, name, description, private, default_branch, next_number, topics, created_at, updated_at, pushed_at) VALUES
  (20, 10, 'hello-world', NULL, false, 'main', 1, '{fixtures,hello,hello-world}', '2017-04-11T18:40:00Z', '2017-04-11T18:40:00Z', '2017-04-11T18:40:00Z');

INSERT INTO git_seed (repo_id, seq, op) VALUES
  (20, 1, '{"type": "commit", "branch": "main", "author": "octokit-fixture-user-a", "at": 1491936000, "message": "initial commit", "files": {"README.md": "# hello-world\n"}}');

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
