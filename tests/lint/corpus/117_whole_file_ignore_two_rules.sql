-- expect: none
-- sleet:ignore ban-drop-column legacy columns, unused since 2025-03
-- sleet:ignore ban-drop-table the v1 tables have no readers left

ALTER TABLE users DROP COLUMN v1_password;
DROP TABLE v1_sessions;
ALTER TABLE users DROP COLUMN v1_salt;
