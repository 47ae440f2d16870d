INSERT INTO documents (id, title, body) VALUES (1, 'Snow', 'Sleet and hail'), (2, 'Rain', NULL);
