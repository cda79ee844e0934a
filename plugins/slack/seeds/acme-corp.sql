-- acme-corp: a small, realistic Slack workspace. Ids and timestamps are fixed so tests and agents
-- can refer to them; every row is plain SQL so the fixture loads in milliseconds.

INSERT INTO teams (id, name, domain, email_domain, created) VALUES
  ('T0ACMECORP', 'Acme Corp', 'acme-corp', 'acme.test', 1672531200);

INSERT INTO users (id, team_id, name, real_name, display_name, first_name, last_name, email, title, phone, tz, tz_label, tz_offset, color, is_admin, is_owner, is_primary_owner, deleted, status_text, status_emoji, presence, updated) VALUES
  ('U0ACDANA01', 'T0ACMECORP', 'dana',   'Dana Whitfield', 'Dana',   'Dana',   'Whitfield', 'dana@acme.test',   'Head of Operations',   '+1 415 555 0101', 'America/Los_Angeles', 'Pacific Standard Time', -28800, '9f69e7', true,  true,  true,  false, 'Planning Q3', ':calendar:', 'active', 1700000000),
  ('U0ACALEX02', 'T0ACMECORP', 'alex',   'Alex Moreno',    'alex',   'Alex',   'Moreno',    'alex@acme.test',   'Staff Engineer',       '+1 415 555 0102', 'America/New_York',    'Eastern Standard Time', -18000, '4bbe2e', false, false, false, false, '', '', 'active', 1700000000),
  ('U0ACPRIY03', 'T0ACMECORP', 'priya',  'Priya Raman',    'Priya',  'Priya',  'Raman',     'priya@acme.test',  'Product Manager',      '+44 20 5550 0103', 'Europe/London',      'Greenwich Mean Time',       0, 'e7392d', false, false, false, false, 'In meetings', ':spiral_calendar_pad:', 'away', 1700000000),
  ('U0ACMARC04', 'T0ACMECORP', 'marcus', 'Marcus Chen',    'marcus', 'Marcus', 'Chen',      'marcus@acme.test', 'Product Designer',     '+1 415 555 0104', 'America/Los_Angeles', 'Pacific Standard Time', -28800, 'e0a729', false, false, false, false, '', '', 'active', 1700000000),
  ('U0ACSOFI05', 'T0ACMECORP', 'sofia',  'Sofia Rossi',    'Sofia',  'Sofia',  'Rossi',     'sofia@acme.test',  'Engineering Manager',  '+39 02 5550 0105', 'Europe/Rome',        'Central European Time',  3600, '3c989f', true,  false, false, false, 'Heads down', ':headphones:', 'active', 1700000000),
  ('U0ACKENJ06', 'T0ACMECORP', 'kenji',  'Kenji Tanaka',   'kenji',  'Kenji',  'Tanaka',    'kenji@acme.test',  'Support Lead',         '+81 3 5550 0106', 'Asia/Tokyo',          'Japan Standard Time',    32400, '674b1b', false, false, false, false, '', '', 'away', 1700000000),
  ('U0ACJORD07', 'T0ACMECORP', 'jordan', 'Jordan Blake',   'jordan', 'Jordan', 'Blake',     'jordan@acme.test', 'Sales (former)',       '', 'America/Chicago', 'Central Standard Time', -21600, '5b89d5', false, false, false, true, '', '', 'away', 1700000000),
  ('USLACKBOT',  'T0ACMECORP', 'slackbot', 'Slackbot',     'Slackbot', '',     '',          NULL,               '',                     '', 'America/Los_Angeles', 'Pacific Standard Time', -28800, '757575', false, false, false, false, '', '', 'active', 0);

INSERT INTO conversations (id, team_id, name, kind, is_general, is_archived, creator, im_user, topic, topic_creator, topic_last_set, purpose, purpose_creator, purpose_last_set, created) VALUES
  ('C0ACGENRL1', 'T0ACMECORP', 'general',       'channel', true,  false, 'U0ACDANA01', NULL, 'Company-wide announcements', 'U0ACDANA01', 1672531300, 'This is the one channel that will always include everyone.', 'U0ACDANA01', 1672531200, 1672531200),
  ('C0ACRANDM2', 'T0ACMECORP', 'random',        'channel', false, false, 'U0ACDANA01', NULL, '', '', 0, 'Non-work banter and water cooler conversation', 'U0ACDANA01', 1672531200, 1672531200),
  ('C0ACENGIN3', 'T0ACMECORP', 'engineering',   'channel', false, false, 'U0ACSOFI05', NULL, 'Deploys Tue/Thu · on-call: @alex', 'U0ACSOFI05', 1690000000, 'Engineering discussion, reviews and deploys', 'U0ACSOFI05', 1672617600, 1672617600),
  ('C0ACDESGN4', 'T0ACMECORP', 'design',        'channel', false, false, 'U0ACMARC04', NULL, '', '', 0, 'Design critiques and specs', 'U0ACMARC04', 1672704000, 1672704000),
  ('C0ACOLDPR6', 'T0ACMECORP', 'project-falcon','channel', false, true,  'U0ACPRIY03', NULL, '', '', 0, 'Falcon launch (shipped 2023)', 'U0ACPRIY03', 1675209600, 1675209600),
  ('C0ACLEADR7', 'T0ACMECORP', 'leadership',    'private', false, false, 'U0ACDANA01', NULL, '', '', 0, 'Leadership team, confidential', 'U0ACDANA01', 1672790400, 1672790400),
  ('D0ACDMDA01', 'T0ACMECORP', NULL,            'im',      false, false, 'U0ACDANA01', 'U0ACALEX02', '', '', 0, '', '', 0, 1680000000),
  ('G0ACMPIM01', 'T0ACMECORP', 'mpdm-dana--priya--marcus-1', 'mpim', false, false, 'U0ACDANA01', NULL, '', '', 0, 'Group messaging with: @dana @priya @marcus', 'U0ACDANA01', 1685000000, 1685000000);

INSERT INTO members (conversation_id, user_id, joined) VALUES
  ('C0ACGENRL1', 'U0ACDANA01', 1672531200), ('C0ACGENRL1', 'U0ACALEX02', 1672531300), ('C0ACGENRL1', 'U0ACPRIY03', 1672531400),
  ('C0ACGENRL1', 'U0ACMARC04', 1672531500), ('C0ACGENRL1', 'U0ACSOFI05', 1672531600), ('C0ACGENRL1', 'U0ACKENJ06', 1672531700),
  ('C0ACRANDM2', 'U0ACDANA01', 1672531200), ('C0ACRANDM2', 'U0ACALEX02', 1672531300), ('C0ACRANDM2', 'U0ACMARC04', 1672531500),
  ('C0ACRANDM2', 'U0ACKENJ06', 1672531700),
  ('C0ACENGIN3', 'U0ACSOFI05', 1672617600), ('C0ACENGIN3', 'U0ACALEX02', 1672617700), ('C0ACENGIN3', 'U0ACDANA01', 1672617800),
  ('C0ACENGIN3', 'U0ACPRIY03', 1672617900),
  ('C0ACDESGN4', 'U0ACMARC04', 1672704000), ('C0ACDESGN4', 'U0ACPRIY03', 1672704100), ('C0ACDESGN4', 'U0ACDANA01', 1672704200),
  ('C0ACOLDPR6', 'U0ACPRIY03', 1675209600), ('C0ACOLDPR6', 'U0ACALEX02', 1675209700),
  ('C0ACLEADR7', 'U0ACDANA01', 1672790400), ('C0ACLEADR7', 'U0ACSOFI05', 1672790500), ('C0ACLEADR7', 'U0ACPRIY03', 1672790600),
  ('D0ACDMDA01', 'U0ACDANA01', 1680000000), ('D0ACDMDA01', 'U0ACALEX02', 1680000000),
  ('G0ACMPIM01', 'U0ACDANA01', 1685000000), ('G0ACMPIM01', 'U0ACPRIY03', 1685000000), ('G0ACMPIM01', 'U0ACMARC04', 1685000000);

INSERT INTO messages (channel_id, ts, team_id, user_id, subtype, text, thread_ts, client_msg_id) VALUES
  ('C0ACGENRL1', '1700000000.000100', 'T0ACMECORP', 'U0ACDANA01', NULL, 'Welcome to Acme Corp! :wave: Please read the handbook pinned in this channel.', NULL, '6f1c3a4e-0001-4c2b-9d6e-000000000001'),
  ('C0ACGENRL1', '1700003600.000200', 'T0ACMECORP', 'U0ACSOFI05', NULL, 'Reminder: all-hands is Thursday at 10am PT.', NULL, '6f1c3a4e-0002-4c2b-9d6e-000000000002'),
  ('C0ACGENRL1', '1700007200.000300', 'T0ACMECORP', 'U0ACKENJ06', NULL, 'Support queue is clear for the week, nice work everyone!', NULL, '6f1c3a4e-0003-4c2b-9d6e-000000000003'),
  ('C0ACRANDM2', '1700010000.000100', 'T0ACMECORP', 'U0ACALEX02', NULL, 'Anyone up for lunch at the taco place?', NULL, '6f1c3a4e-0004-4c2b-9d6e-000000000004'),
  ('C0ACRANDM2', '1700010060.000200', 'T0ACMECORP', 'U0ACMARC04', NULL, 'Always :taco:', NULL, '6f1c3a4e-0005-4c2b-9d6e-000000000005'),
  ('C0ACENGIN3', '1700020000.000100', 'T0ACMECORP', 'U0ACSOFI05', NULL, 'Deploy of billing-service v2.4 is scheduled for Thursday. Please review the migration plan.', NULL, '6f1c3a4e-0006-4c2b-9d6e-000000000006'),
  ('C0ACENGIN3', '1700020300.000200', 'T0ACMECORP', 'U0ACALEX02', NULL, 'Reviewed, the migration looks safe. One question about the rollback step.', '1700020000.000100', '6f1c3a4e-0007-4c2b-9d6e-000000000007'),
  ('C0ACENGIN3', '1700020600.000300', 'T0ACMECORP', 'U0ACSOFI05', NULL, 'Rollback restores the previous schema from the snapshot; added a note to the plan.', '1700020000.000100', '6f1c3a4e-0008-4c2b-9d6e-000000000008'),
  ('C0ACENGIN3', '1700020900.000400', 'T0ACMECORP', 'U0ACDANA01', NULL, 'Thanks both. Go for Thursday.', '1700020000.000100', '6f1c3a4e-0009-4c2b-9d6e-000000000009'),
  ('C0ACENGIN3', '1700030000.000500', 'T0ACMECORP', 'U0ACALEX02', NULL, 'Heads up: the staging database will be down for maintenance tonight.', NULL, '6f1c3a4e-0010-4c2b-9d6e-000000000010'),
  ('C0ACENGIN3', '1700040000.000600', 'T0ACMECORP', 'U0ACPRIY03', NULL, 'Customer feedback on the new dashboard is in the design channel.', NULL, '6f1c3a4e-0011-4c2b-9d6e-000000000011'),
  ('C0ACDESGN4', '1700050000.000100', 'T0ACMECORP', 'U0ACMARC04', 'file_share', 'Here is the spec for the new dashboard.', NULL, '6f1c3a4e-0012-4c2b-9d6e-000000000012'),
  ('C0ACDESGN4', '1700050300.000200', 'T0ACMECORP', 'U0ACPRIY03', NULL, 'Love the empty states. Can we ship the dark mode variant too?', '1700050000.000100', '6f1c3a4e-0013-4c2b-9d6e-000000000013'),
  ('C0ACDESGN4', '1700050600.000300', 'T0ACMECORP', 'U0ACMARC04', NULL, 'Yes, adding it this week.', '1700050000.000100', '6f1c3a4e-0014-4c2b-9d6e-000000000014'),
  ('C0ACOLDPR6', '1675300000.000100', 'T0ACMECORP', 'U0ACPRIY03', NULL, 'Falcon shipped! Archiving this channel.', NULL, '6f1c3a4e-0015-4c2b-9d6e-000000000015'),
  ('C0ACLEADR7', '1700060000.000100', 'T0ACMECORP', 'U0ACDANA01', NULL, 'Q3 hiring plan draft is ready for review.', NULL, '6f1c3a4e-0016-4c2b-9d6e-000000000016'),
  ('C0ACLEADR7', '1700060300.000200', 'T0ACMECORP', 'U0ACSOFI05', NULL, 'Engineering needs two more backend roles.', NULL, '6f1c3a4e-0017-4c2b-9d6e-000000000017'),
  ('D0ACDMDA01', '1700070000.000100', 'T0ACMECORP', 'U0ACDANA01', NULL, 'Hey Alex, can you take on-call next week?', NULL, '6f1c3a4e-0018-4c2b-9d6e-000000000018'),
  ('D0ACDMDA01', '1700070120.000200', 'T0ACMECORP', 'U0ACALEX02', NULL, 'Sure, happy to.', NULL, '6f1c3a4e-0019-4c2b-9d6e-000000000019'),
  ('G0ACMPIM01', '1700080000.000100', 'T0ACMECORP', 'U0ACPRIY03', NULL, 'Quick sync on the dashboard launch date?', NULL, '6f1c3a4e-0020-4c2b-9d6e-000000000020'),
  ('G0ACMPIM01', '1700080060.000200', 'T0ACMECORP', 'U0ACMARC04', NULL, 'Works for me, after 2pm.', NULL, '6f1c3a4e-0021-4c2b-9d6e-000000000021');

-- Thread parents carry their own ts as thread_ts, as Slack stores them.
UPDATE messages p SET thread_ts = p.ts WHERE p.thread_ts IS NULL
  AND EXISTS (SELECT 1 FROM messages r WHERE r.channel_id = p.channel_id AND r.thread_ts = p.ts);

UPDATE messages SET files = ARRAY['F0ACSPEC01'] WHERE channel_id = 'C0ACDESGN4' AND ts = '1700050000.000100';

INSERT INTO reactions (channel_id, ts, name, user_id) VALUES
  ('C0ACGENRL1', '1700000000.000100', 'wave', 'U0ACALEX02'),
  ('C0ACGENRL1', '1700000000.000100', 'wave', 'U0ACPRIY03'),
  ('C0ACGENRL1', '1700000000.000100', 'tada', 'U0ACMARC04'),
  ('C0ACGENRL1', '1700007200.000300', 'raised_hands', 'U0ACDANA01'),
  ('C0ACRANDM2', '1700010000.000100', 'taco', 'U0ACMARC04'),
  ('C0ACENGIN3', '1700020000.000100', 'eyes', 'U0ACALEX02'),
  ('C0ACENGIN3', '1700020900.000400', 'white_check_mark', 'U0ACSOFI05'),
  ('C0ACDESGN4', '1700050000.000100', 'heart_eyes', 'U0ACPRIY03');

INSERT INTO pins (channel_id, ts, created_by, created) VALUES
  ('C0ACGENRL1', '1700000000.000100', 'U0ACDANA01', 1700000100),
  ('C0ACENGIN3', '1700020000.000100', 'U0ACSOFI05', 1700020100);

INSERT INTO files (id, team_id, user_id, name, title, mimetype, filetype, size, content, complete, created) VALUES
  ('F0ACSPEC01', 'T0ACMECORP', 'U0ACMARC04', 'dashboard-spec.md', 'Dashboard spec', 'text/markdown', 'markdown', 96,
   convert_to('# Dashboard spec' || chr(10) || chr(10) || '- Empty states for every widget' || chr(10) || '- Dark mode variant' || chr(10) || '- Export to CSV' || chr(10), 'UTF8'),
   true, 1700049990);
UPDATE files SET size = octet_length(content) WHERE id = 'F0ACSPEC01';

INSERT INTO file_shares (file_id, channel_id, ts) VALUES ('F0ACSPEC01', 'C0ACDESGN4', '1700050000.000100');

INSERT INTO emoji (name, url) VALUES
  ('acme', 'https://emoji.slack-edge.com/T0ACMECORP/acme/5f3c1a9b2d7e4f60.png'),
  ('shipit', 'https://emoji.slack-edge.com/T0ACMECORP/shipit/8a1b2c3d4e5f6a7b.png'),
  ('squirrel', 'alias:shipit');

INSERT INTO usergroups (id, team_id, name, handle, description, channels, users, created_by, updated_by, date_create, date_update) VALUES
  ('S0ACENGTM1', 'T0ACMECORP', 'Engineering', 'eng-team', 'Everyone who ships code', ARRAY['C0ACENGIN3'], ARRAY['U0ACALEX02', 'U0ACSOFI05'], 'U0ACSOFI05', 'U0ACSOFI05', 1690000000, 1690000000),
  ('S0ACONCAL2', 'T0ACMECORP', 'On-call', 'oncall', 'This week''s on-call rotation', ARRAY['C0ACENGIN3'], ARRAY['U0ACALEX02'], 'U0ACDANA01', 'U0ACDANA01', 1695000000, 1700070200);

INSERT INTO bookmarks (id, channel_id, title, link, emoji, rank, created_by, updated_by, date_created) VALUES
  ('Bk0ACRUNBK1', 'C0ACENGIN3', 'On-call runbook', 'https://wiki.acme.test/runbook', ':book:', 'U', 'U0ACSOFI05', 'U0ACSOFI05', 1690000000),
  ('Bk0ACHANDB2', 'C0ACGENRL1', 'Employee handbook', 'https://wiki.acme.test/handbook', ':notebook:', 'U', 'U0ACDANA01', 'U0ACDANA01', 1672531300);
