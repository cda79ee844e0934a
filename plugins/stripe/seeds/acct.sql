-- Fixture `acct`: one test-mode account and its well-known secret key
-- (sk_test_asymmetric000000000000stripe; only its sha256 is stored). Provision mints the clone's own key.
INSERT INTO accounts (id, created, data) VALUES
  ('acct_1AsymmetricSeed', 1700000000, '{"business_profile": {"name": "Asymmetric Test Account"}, "country": "US", "default_currency": "usd", "email": "owner@example.com"}');
INSERT INTO api_keys (hash, account, kind, created) VALUES
  ('24481948b19948e6c66d8605184cda3da5caa2422aea38403840a28d9eec62cf', 'acct_1AsymmetricSeed', 'secret', 1700000000);
