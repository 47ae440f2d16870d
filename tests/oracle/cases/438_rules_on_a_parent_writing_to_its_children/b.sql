-- LedgerSMB's file attachments: an abstract parent whose DO INSTEAD rules send each insert to
-- one of its children. Dropped, the rules go first: the server does not drop a child while a
-- rule names it.
CREATE TABLE attachment (file_id int NOT NULL, source_class int NOT NULL, ref_key int NOT NULL);
CREATE TABLE attachment_to_order (PRIMARY KEY (file_id, ref_key), CHECK (source_class = 1))
  INHERITS (attachment);
CREATE TABLE attachment_to_invoice (PRIMARY KEY (file_id, ref_key), CHECK (source_class = 2))
  INHERITS (attachment);
CREATE RULE attachment_insert_order AS ON INSERT TO attachment WHERE source_class = 1
  DO INSTEAD INSERT INTO attachment_to_order (file_id, source_class, ref_key)
  VALUES (new.file_id, 1, new.ref_key);
CREATE RULE attachment_insert_invoice AS ON INSERT TO attachment WHERE source_class = 2
  DO INSTEAD INSERT INTO attachment_to_invoice (file_id, source_class, ref_key)
  VALUES (new.file_id, 2, new.ref_key);
