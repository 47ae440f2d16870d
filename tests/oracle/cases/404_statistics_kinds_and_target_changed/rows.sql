INSERT INTO people (id, first_name, last_name, city, zip) VALUES
  (1, 'Ada', 'Lovelace', 'London', 'W1'),
  (2, 'Alan', 'Turing', 'Wilmslow', 'SK9');
