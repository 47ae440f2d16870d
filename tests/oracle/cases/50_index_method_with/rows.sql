INSERT INTO docs SELECT g, jsonb_build_object('n', g), 'code' || g, ARRAY['t' || g % 4]
FROM generate_series(1, 50) g;
