-- expect: ban-drop-not-null
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
