-- The "starter" fixture (the manifest's seed.default): `asymmetric reset` returns a clone to exactly this.
INSERT INTO notes (id, text, created_at) VALUES
  ('note_0001', 'Welcome to your Example clone', '2026-01-01T09:00:00Z'),
  ('note_0002', 'Reset puts these rows back', '2026-01-01T09:01:00Z'),
  ('note_0003', 'Every clone has its own copy', '2026-01-01T09:02:00Z');
