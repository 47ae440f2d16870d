INSERT INTO audit (what) VALUES ('start');
