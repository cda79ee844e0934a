-- The app's signing secret is derived from the clone's JWT secret (HMAC), so the clone database
-- never holds it and a restore after reset gets the same one back.
ALTER TABLE apps DROP COLUMN signing_secret;
