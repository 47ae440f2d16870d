-- expect: none
CREATE UNIQUE INDEX CONCURRENTLY memberships_pkey_idx ON memberships (team_id, user_id);
ALTER TABLE memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY USING INDEX memberships_pkey_idx;
