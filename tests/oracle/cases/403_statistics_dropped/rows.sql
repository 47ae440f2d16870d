INSERT INTO orders (id, city, zip, country, placed_at, total) VALUES
  (1, 'Lyon', '69001', 'FR', '2024-01-01 10:00+00', 10.50),
  (2, 'Oslo', '0150', 'NO', '2024-01-02 11:00+00', NULL);
