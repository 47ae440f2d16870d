INSERT INTO documents (id, slug, body, attachment, score, tags, added) VALUES
  (1, 'one', repeat('long text ', 2000), '\x00ff', 1.5, '{a,b}', 'x'),
  (2, 'two', 'short', NULL, NULL, NULL, NULL);
