-- expect: ban-drop-column
-- sleet:ignore ban-drop-column nothing reads users.fax since v12
ALTER TABLE users DROP COLUMN fax;
ALTER TABLE users DROP COLUMN pager;
