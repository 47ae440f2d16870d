-- expect: prefer-text-field
-- varchar(50) to varchar(100): binary-coercible, no rewrite, no scan.
ALTER TABLE accounts ALTER COLUMN code SET DATA TYPE varchar(100);
