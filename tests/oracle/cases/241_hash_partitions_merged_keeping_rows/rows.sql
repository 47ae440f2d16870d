INSERT INTO accounts (name) SELECT 'account ' || g FROM generate_series(1, 40) g;
