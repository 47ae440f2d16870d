-- expect: prefer-timestamp-tz
ALTER TABLE users ADD COLUMN last_login_at timestamp;
