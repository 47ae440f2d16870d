-- expect: adding-serial-primary-key-field, prefer-identity
ALTER TABLE audit_log ADD COLUMN id bigserial PRIMARY KEY;
