-- expect: require-concurrent-index-creation
-- users is not created by this folder: it may hold rows.
CREATE INDEX users_created ON users (created_at);
