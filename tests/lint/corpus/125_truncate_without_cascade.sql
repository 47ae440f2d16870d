-- expect: none
TRUNCATE TABLE import_staging;
