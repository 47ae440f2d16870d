INSERT INTO people VALUES (1, '(Ann,ann@example.org)', 'ann@example.org');
