INSERT INTO sessions SELECT g, 'user' || g FROM generate_series(1, 250) g;
