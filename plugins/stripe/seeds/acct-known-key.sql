-- Fixture `acct-known-key` (opt-in: asym spin stripe --seed stripe=acct-known-key): the account of
-- `acct` plus the well-known secret key sk_test_asymmetric000000000000stripe (only its sha256 is
-- stored), for scripts that hard-code it. Anyone who reads this file can use the key on such a clone:
-- `asym tokens <id>` lists it while it works, and `asym tokens <id> --reprovision` revokes it.
INSERT INTO accounts (id, created, data) VALUES
  ('acct_1AsymmetricSeed', 1700000000, '{"business_profile": {"name": "Asymmetric Test Account"}, "country": "US", "default_currency": "usd", "email": "owner@example.com"}');
INSERT INTO api_keys (hash, account, kind, created) VALUES
  ('24481948b19948e6c66d8605184cda3da5caa2422aea38403840a28d9eec62cf', 'acct_1AsymmetricSeed', 'secret', 1700000000);
