-- expect: require-concurrent-index-deletion:warning, require-concurrent-index-creation:info
-- events_country belongs to events (large); the catalog says so.
DROP INDEX events_country;
--> statement-breakpoint
CREATE INDEX countries_code_upper ON countries (upper(code));
