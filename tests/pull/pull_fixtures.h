// Shared by the pull tests (library and CLI): a schema using every model feature, and the
// model comparison a pulled schema must pass against the schema the database was built from.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "inspect/roundtrip.h"  // model_difference, schemas_of

namespace sleet::testing {

// Every feature of the model that pull has to carry, spelled the way people write it.
inline constexpr const char* kPullRichSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE SCHEMA "Billing";
COMMENT ON SCHEMA app IS 'application tables';
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'how it feels';
CREATE TYPE "Billing"."Currency" AS ENUM ('EUR', 'USD');
CREATE SEQUENCE app.ticket_seq AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000
  START WITH 20 CACHE 3 CYCLE;
CREATE SEQUENCE app.counter_seq;

CREATE TABLE app.accounts (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 2) PRIMARY KEY,
  code text COLLATE "C" NOT NULL,
  name varchar(80) NOT NULL DEFAULT 'unnamed',
  mood app.mood DEFAULT 'ok',
  moods app.mood[] DEFAULT '{}',
  score numeric(8, 2) DEFAULT 0,
  tags text[] NOT NULL DEFAULT '{}',
  upper_name text GENERATED ALWAYS AS (upper(name)) STORED,
  level int CHECK (level BETWEEN 1 AND 10),
  status varchar(10) CHECK (status IN ('new', 'active', 'closed')),
  ticket int DEFAULT nextval('app.ticket_seq'),
  settings jsonb NOT NULL DEFAULT '{"b":1,"a":[true,null]}',
  CONSTRAINT accounts_code_key UNIQUE NULLS NOT DISTINCT (code)
);
COMMENT ON TABLE app.accounts IS 'accounts';
COMMENT ON COLUMN app.accounts.code IS 'external code';
ALTER SEQUENCE app.counter_seq OWNED BY app.accounts.ticket;

CREATE TABLE app.members (
  account_id bigint NOT NULL,
  seq serial,
  "Order" int,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, seq),
  CONSTRAINT members_account_fk FOREIGN KEY (account_id) REFERENCES app.accounts (id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT members_unique UNIQUE (account_id, "Order") DEFERRABLE
);

CREATE TABLE "Billing"."Invoices" (
  "Id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "Amount" numeric(12, 2) NOT NULL CHECK ("Amount" >= 0),
  currency "Billing"."Currency" NOT NULL DEFAULT 'EUR',
  account_id bigint REFERENCES app.accounts (id) ON DELETE SET NULL,
  issued_on date NOT NULL DEFAULT CURRENT_DATE,
  deleted_at timestamptz
);
ALTER TABLE "Billing"."Invoices" ENABLE ROW LEVEL SECURITY;

-- The same table name in two schemas, and names that are not file names.
CREATE TABLE app.events (id int PRIMARY KEY, payload jsonb);
CREATE TABLE events (id int PRIMARY KEY, at timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE "odd/name" (id int);
CREATE TABLE ".hidden" (id int);

CREATE INDEX accounts_name_lower_idx ON app.accounts (lower(name) text_pattern_ops DESC NULLS LAST);
CREATE INDEX accounts_code_idx ON app.accounts (code COLLATE "POSIX") INCLUDE (name)
  WITH (fillfactor = 70) WHERE level > 2;
CREATE INDEX accounts_tags_idx ON app.accounts USING gin (tags);
CREATE INDEX invoices_open_idx ON "Billing"."Invoices" (issued_on DESC) WHERE deleted_at IS NULL;

CREATE POLICY invoices_read ON "Billing"."Invoices" AS RESTRICTIVE FOR SELECT
  USING (currency = 'EUR' AND "Amount" > 0);
CREATE POLICY invoices_write ON "Billing"."Invoices" FOR INSERT WITH CHECK (deleted_at IS NULL);

CREATE VIEW app.active_accounts WITH (security_barrier) AS
  SELECT id, name, mood FROM app.accounts WHERE status = 'active' AND mood = 'happy';
CREATE VIEW app.happy_names AS SELECT name FROM app.active_accounts;
COMMENT ON VIEW app.active_accounts IS 'active';
CREATE MATERIALIZED VIEW app.account_totals AS
  SELECT mood, count(*)::int AS total FROM app.accounts GROUP BY mood WITH NO DATA;
)sql";

// Empty when `pulled` means the same as `original`: both offline-normalised, or, where the
// offline rules cannot see it, both normalised by the server (on `connection`, in a
// rolled-back transaction). Otherwise the dump lines that differ. `*offline_enough` tells
// which was needed.
inline std::string pulled_difference(db::Connection& connection, const Schema& original,
                                     const Schema& pulled, bool* offline_enough = nullptr) {
  Schema expected = original;
  Schema actual = pulled;
  normalize::normalize_schema(expected);
  normalize::normalize_schema(actual);
  std::string offline = model_difference(expected, actual);
  if (offline_enough) *offline_enough = offline.empty();
  if (offline.empty()) return offline;
  Schema expected_by_server = normalize_with_server(connection, original);
  Schema actual_by_server = normalize_with_server(connection, pulled);
  normalize::normalize_schema(expected_by_server);
  normalize::normalize_schema(actual_by_server);
  return model_difference(expected_by_server, actual_by_server);
}

}  // namespace sleet::testing
