-- expect: unused-ignore, require-concurrent-index-creation
-- sleet:ignore require-concurrent-index-deletion dropped in the previous release

CREATE INDEX users_created_at_idx ON users (created_at);
