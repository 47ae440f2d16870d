CREATE SEQUENCE ticket_ids;
CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_ids'), title text);
CREATE TABLE drafts (id bigint DEFAULT nextval('public.ticket_ids'::regclass));
CREATE VIEW ticket_counter AS SELECT last_value FROM ticket_ids;
