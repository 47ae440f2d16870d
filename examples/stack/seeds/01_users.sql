-- Development users (no passwords: they sign in through the app's dev login).
INSERT INTO app_users (email) VALUES ('ada@example.com'), ('grace@example.com')
ON CONFLICT (email) DO NOTHING;
