-- expect: none
-- sleet:ignore ban-drop-table the audit table moved to cold storage (#412)
DROP TABLE audit;
