-- expect: ignore-without-reason, ban-drop-table
-- sleet:ignore ban-drop-table
DROP TABLE feature_flags_old;
