CREATE SCHEMA auth;
CREATE SCHEMA users;

CREATE TYPE auth.user_role AS ENUM ('user', 'admin', 'moderator');
CREATE TYPE auth.token_kind AS ENUM ('email_verify', 'password_reset', 'api');
CREATE TYPE users.profile_visibility AS ENUM ('public', 'contacts', 'private');

CREATE SEQUENCE users.invite_code_seq INCREMENT BY 7 MINVALUE 100000 MAXVALUE 999999999 START WITH 100000 CACHE 10;
