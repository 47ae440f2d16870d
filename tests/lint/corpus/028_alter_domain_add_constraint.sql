-- expect: ban-alter-domain-with-add-constraint
ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
