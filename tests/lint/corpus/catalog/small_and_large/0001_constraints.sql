-- expect: constraint-missing-not-valid:info, constraint-missing-not-valid:warning, adding-foreign-key-constraint:warning, ban-drop-column:warning
ALTER TABLE countries ADD CONSTRAINT countries_name_set CHECK (name <> '');
--> statement-breakpoint
-- A foreign key locks both tables: events is large.
ALTER TABLE events ADD CONSTRAINT events_country_fk FOREIGN KEY (country) REFERENCES countries (code);
--> statement-breakpoint
-- Data loss is not a lock: a small table keeps the warning.
ALTER TABLE countries DROP COLUMN name;
