INSERT INTO named (name) VALUES ('plain');
INSERT INTO projects (name, budget, created_at)
VALUES ('apollo', 100, '2024-03-01 00:00+00'), ('gemini', NULL, '2024-04-01 00:00+00');
