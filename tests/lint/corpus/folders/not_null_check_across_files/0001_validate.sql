-- expect: none
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
