INSERT INTO todos (owner_id, title, due)
SELECT id, 'Write the first migration', current_date + 1 FROM app_users WHERE email = 'ada@example.com'
UNION ALL
SELECT id, 'Review it', current_date + 2 FROM app_users WHERE email = 'grace@example.com';
