INSERT INTO tickets (title) VALUES ('one'), ('two');
