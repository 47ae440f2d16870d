-- expect: require-concurrent-index-creation:info, require-concurrent-index-creation:warning
-- countries: about 250 rows (small); events: about 50,000.
CREATE INDEX countries_name ON countries (name);
--> statement-breakpoint
CREATE INDEX events_payload ON events (payload);
