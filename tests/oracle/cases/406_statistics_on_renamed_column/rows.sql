INSERT INTO shipments (id, origin, destination, weight_kg) VALUES (1, 'Lyon', 'Oslo', 120), (2, 'Oslo', 'Lyon', 5);
