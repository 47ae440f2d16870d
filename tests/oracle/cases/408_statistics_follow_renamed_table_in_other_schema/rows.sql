INSERT INTO app.trips (id, start_city, end_city) VALUES (1, 'Lyon', 'Oslo');
