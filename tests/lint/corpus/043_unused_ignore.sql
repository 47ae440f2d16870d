-- expect: unused-ignore
-- sleet:ignore ban-drop-column the column was never read
ALTER TABLE users ADD COLUMN bio text;
