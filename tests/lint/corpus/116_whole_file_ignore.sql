-- expect: none
-- sleet:ignore require-concurrent-index-creation the table has 40 rows (lookup data)

CREATE INDEX currencies_code_idx ON currencies (code);
CREATE INDEX currencies_name_idx ON currencies (name);
