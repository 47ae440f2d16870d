CREATE TABLE users (id integer PRIMARY KEY, email text, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE MATERIALIZED VIEW user_counts AS SELECT active, count(*) AS n FROM users GROUP BY active;
