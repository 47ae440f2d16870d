-- expect: renaming-table
ALTER TABLE customers RENAME TO clients;
