-- The first administrator, with a generated password shown once by `sleet seed`.
WITH secret AS (SELECT encode(gen_random_bytes(12), 'hex') AS value)
INSERT INTO app_users (email, password_hash, is_admin)
SELECT 'admin@example.com', crypt(value, gen_salt('bf')), true FROM secret
RETURNING email, (SELECT value FROM secret) AS initial_password;
