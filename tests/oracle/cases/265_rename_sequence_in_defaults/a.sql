-- A sequence renamed: nextval('...') defaults name it through a regclass constant, which the
-- server follows; a view reading the sequence follows too. The plan is the RENAME alone.
CREATE SEQUENCE ticket_numbers;
CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_numbers'), title text);
CREATE TABLE drafts (id bigint DEFAULT nextval('public.ticket_numbers'::regclass));
CREATE VIEW ticket_counter AS SELECT last_value FROM ticket_numbers;
