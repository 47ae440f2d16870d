-- expect: none
ALTER TABLE settings ADD COLUMN enabled boolean NOT NULL DEFAULT false;
ALTER TABLE settings ADD COLUMN retries bigint NOT NULL DEFAULT 3;
ALTER TABLE settings ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE settings ADD COLUMN created_on date DEFAULT CURRENT_DATE;
