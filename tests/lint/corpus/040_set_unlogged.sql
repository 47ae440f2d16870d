-- expect: ban-set-logged-unlogged
ALTER TABLE import_staging SET UNLOGGED;
