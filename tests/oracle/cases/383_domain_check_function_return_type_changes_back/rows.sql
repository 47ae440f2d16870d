INSERT INTO airports (code, name) VALUES ('ZRH', 'Zurich'), ('OSL', 'Oslo');
