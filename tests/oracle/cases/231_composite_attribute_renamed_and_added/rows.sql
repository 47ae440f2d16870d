INSERT INTO geo.sites VALUES (1, ROW('Main St 1', '1000')), (2, NULL);
