-- Fixture `acct`: one test-mode account. Provision mints the clone's own keys; no key is published
-- here (the fixture `acct-known-key` adds the well-known one for those who ask for it).
INSERT INTO accounts (id, created, data) VALUES
  ('acct_1AsymmetricSeed', 1700000000, '{"business_profile": {"name": "Asymmetric Test Account"}, "country": "US", "default_currency": "usd", "email": "owner@example.com"}');
