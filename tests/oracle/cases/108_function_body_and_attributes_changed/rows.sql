INSERT INTO app.pages VALUES (1, 'Hello', 'hello'), (2, 'World', 'world');
