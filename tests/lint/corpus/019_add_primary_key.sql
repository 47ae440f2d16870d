-- expect: disallowed-unique-constraint
ALTER TABLE memberships ADD PRIMARY KEY (team_id, user_id);
