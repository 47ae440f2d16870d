INSERT INTO bookings (room, during, cancelled) VALUES
  (1, '[2026-01-01 10:00, 2026-01-01 11:00)', false),
  (1, '[2026-01-01 10:30, 2026-01-01 11:30)', true),
  (2, '[2026-01-01 10:00, 2026-01-01 11:00)', false);
INSERT INTO shifts (worker, span) VALUES ('ann', '[2026-01-01 08:00+00, 2026-01-01 16:00+00)');
