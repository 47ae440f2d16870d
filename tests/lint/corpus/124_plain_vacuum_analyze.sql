-- expect: none
VACUUM (ANALYZE) orders;
ANALYZE users;
