INSERT INTO users (id, email, name) VALUES
  (1, 'Ann@Example.org', 'Ann'),
  (2, 'bob@example.org', 'Bob'),
  (3, 'CAROL@EXAMPLE.ORG', NULL);
