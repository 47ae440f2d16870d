-- A child table's primary key on a column it inherits (LedgerSMB's notes and files), which the
-- snapshot keeps although the child has no column row of its own for it, and a foreign key
-- referencing that inherited column.
CREATE TABLE note (id serial PRIMARY KEY, note_class int NOT NULL, body text NOT NULL);
CREATE TABLE entity_note (entity_id int, PRIMARY KEY (id)) INHERITS (note);
CREATE TABLE invoice_note () INHERITS (note);
ALTER TABLE invoice_note ADD CONSTRAINT invoice_note_pkey PRIMARY KEY (id);
CREATE TABLE note_link (
  note_id int NOT NULL REFERENCES entity_note (id),
  other_id int REFERENCES invoice_note
);
