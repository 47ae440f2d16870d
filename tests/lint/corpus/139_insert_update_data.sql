-- expect: none
INSERT INTO currencies (code, name) VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
UPDATE users SET status = 'active' WHERE status IS NULL;
