INSERT INTO readings VALUES (1, ROW(20, 'C'), ARRAY[ROW(18, 'C'), ROW(19, NULL)]::measure[]), (2, NULL, NULL);
