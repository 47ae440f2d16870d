-- expect: none
COMMENT ON TABLE users IS 'people who can sign in';
GRANT SELECT ON users TO reporting;
