// What a drizzle-kit snapshot becomes in the model, sleet's own round trip, and errors.
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/snapshot.h"
#include "sleet/sql.h"
#include "snapshot/drizzle_fixture.h"
#include "support/test_files.h"

namespace sleet {
namespace {

const Schema& fixture_schema() {
  static const Schema schema = [] {
    auto file = testing::drizzle_snapshots().at(1);
    return load_snapshot(testing::read_file(file), file.string());
  }();
  return schema;
}

const Table& table(const std::string& schema, const std::string& name) {
  return fixture_schema().tables.at(QualifiedName{schema, name});
}

const Column& column(const Table& table, const std::string& name) {
  const Column* found = table.find_column(name);
  if (!found) throw std::runtime_error("no column " + name);
  return *found;
}

TEST(SnapshotModel, TypesAreCanonical) {
  const Table& users = table("auth", "users");
  EXPECT_EQ(column(users, "username").type, (TypeName{"character varying(32)", "", 0}));
  EXPECT_EQ(column(users, "deleted_at").type.name, "timestamp(3) with time zone");
  EXPECT_EQ(column(users, "created_at").type.name, "timestamp with time zone");
  EXPECT_EQ(column(users, "tags").type, (TypeName{"text", "", 1}));
  EXPECT_EQ(column(users, "matrix").type, (TypeName{"integer", "", 2}));
  EXPECT_EQ(column(users, "role").type, (TypeName{"user_role", "auth", 0}));
  const Table& invoices = table("billing", "invoices");
  EXPECT_EQ(column(invoices, "amount").type.name, "numeric(10,2)");
  EXPECT_EQ(column(invoices, "whole").type.name, "numeric(12,0)");
  EXPECT_EQ(column(invoices, "code").type.name, "character(3)");
  EXPECT_EQ(column(invoices, "flag").type.name, "character(1)");
  EXPECT_EQ(column(invoices, "note").type.name, "character varying");
  EXPECT_EQ(column(invoices, "labels").type, (TypeName{"character varying(40)", "", 1}));
  const Table& audit = table("public", "audit_log");
  EXPECT_EQ(column(audit, "id").type.name, "integer");
  EXPECT_EQ(column(audit, "id").serial, Serial::Serial);
  EXPECT_EQ(column(audit, "seq").type.name, "bigint");
  EXPECT_EQ(column(audit, "seq").serial, Serial::BigSerial);
  EXPECT_EQ(column(audit, "small").serial, Serial::SmallSerial);
  EXPECT_EQ(column(audit, "at").type.name, "timestamp without time zone");
  EXPECT_EQ(column(audit, "clock").type.name, "time(2) with time zone");
  EXPECT_EQ(column(audit, "plain_clock").type.name, "time without time zone");
  EXPECT_EQ(column(audit, "took").type.name, "interval hour to second(3)");
  EXPECT_EQ(column(audit, "moods").type, (TypeName{"mood", "public", 1}));
}

TEST(SnapshotModel, DefaultsKeepTheirTextAndCompareCanonically) {
  const Table& users = table("auth", "users");
  EXPECT_EQ(column(users, "login_count").default_value->text, "0");
  EXPECT_EQ(column(users, "is_active").default_value->text, "true");
  EXPECT_EQ(column(users, "karma").default_value->text, "-5");
  EXPECT_EQ(column(users, "note").default_value->text, "'it''s'");
  EXPECT_EQ(column(users, "id").default_value->canonical,
            sql::canonical_expression("gen_random_uuid()"));
  EXPECT_EQ(column(users, "metadata").default_value->canonical,
            sql::canonical_expression("'{}'::jsonb"));
  EXPECT_EQ(column(table("billing", "invoices"), "rate").default_value->text, "1.5");
  EXPECT_EQ(column(table("public", "notes"), "rank").default_value->text, "0");
  EXPECT_EQ(column(table("billing", "invoices"), "total").generated->text, "1 + 2");
  EXPECT_FALSE(column(users, "email").default_value.has_value());
}

TEST(SnapshotModel, IdentityAndSequences) {
  const Identity& sessions = *column(table("auth", "sessions"), "id").identity;
  EXPECT_EQ(sessions.kind, Identity::Kind::Always);
  EXPECT_EQ(sessions.sequence, (QualifiedName{"auth", "sessions_id_seq"}));
  EXPECT_EQ(sessions.options.start, 1000);
  EXPECT_EQ(sessions.options.max_value, INT64_MAX);
  EXPECT_EQ(sessions.options.data_type, "bigint");
  const Identity& counter = *column(table("auth", "tokens"), "counter").identity;
  EXPECT_EQ(counter.kind, Identity::Kind::ByDefault);
  EXPECT_EQ(counter.options.increment, 2);
  EXPECT_EQ(counter.options.cache, 5);
  EXPECT_TRUE(counter.options.cycle);
  EXPECT_EQ(counter.options.max_value, 32767);
  EXPECT_EQ(counter.options.data_type, "smallint");
  const Sequence& countdown =
      fixture_schema().sequences.at(QualifiedName{"billing", "countdown_seq"});
  EXPECT_EQ(countdown.options.increment, -1);
  EXPECT_EQ(countdown.options.min_value, INT64_MIN);
  EXPECT_EQ(countdown.options.max_value, -1);
  EXPECT_TRUE(countdown.options.cycle);
  EXPECT_EQ(fixture_schema().sequences.at(QualifiedName{"auth", "invite_code_seq"}).options.cache,
            10);
}

TEST(SnapshotModel, KeysAndConstraints) {
  const Table& users = table("auth", "users");
  EXPECT_EQ(users.primary_key->name, "users_pkey");
  EXPECT_EQ(users.primary_key->columns, std::vector<std::string>{"id"});
  EXPECT_EQ(table("auth", "tokens").primary_key->name, "tokens_pk");
  EXPECT_EQ(table("auth", "tokens").primary_key->columns,
            (std::vector<std::string>{"user_id", "kind", "token_hash"}));
  EXPECT_EQ(table("billing", "invoice_lines").primary_key->name,
            "invoice_lines_invoice_id_line_pk");
  const ForeignKey& tokens_user = table("auth", "tokens").foreign_keys.at("tokens_user_fk");
  EXPECT_EQ(tokens_user.references, (QualifiedName{"auth", "users"}));
  EXPECT_EQ(tokens_user.columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(tokens_user.referenced_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(tokens_user.on_delete, "cascade");
  EXPECT_EQ(tokens_user.on_update, "restrict");
  const ForeignKey& to_public =
      table("public", "notes").foreign_keys.at("notes_audit_id_audit_log_id_fk");
  EXPECT_EQ(to_public.references, (QualifiedName{"public", "audit_log"}));
  EXPECT_EQ(
      table("public", "audit_log").foreign_keys.at("audit_log_actor_id_users_id_fk").on_delete,
      "set null");
  EXPECT_TRUE(
      table("auth", "tokens").unique_constraints.at("tokens_hash_kind_uq").nulls_not_distinct);
  EXPECT_EQ(table("auth", "sessions").unique_constraints.at("sessions_token_hash_unique").columns,
            std::vector<std::string>{"token_hash"});
  const CheckConstraint& check = users.check_constraints.at("users_username_len");
  EXPECT_EQ(check.expression.text, "char_length(\"auth\".\"users\".\"username\") >= 3");
  EXPECT_EQ(check.expression.canonical, sql::canonical_expression(check.expression.text));
}

TEST(SnapshotModel, Indexes) {
  const Table& users = table("auth", "users");
  const Index& email = users.indexes.at("users_email_active_uq");
  EXPECT_TRUE(email.unique);
  ASSERT_EQ(email.elements.size(), 1u);
  EXPECT_EQ(email.elements[0].expression->text, "lower(\"email\")");
  EXPECT_EQ(email.where->text, "\"auth\".\"users\".\"deleted_at\" is null");
  EXPECT_TRUE(users.indexes.at("users_created_at_idx").elements[0].descending);
  EXPECT_FALSE(users.indexes.at("users_created_at_idx").elements[0].nulls_first);
  EXPECT_TRUE(users.indexes.at("users_role_is_active_index").elements[1].nulls_first);
  EXPECT_EQ(users.indexes.at("users_tags_gin").method, "gin");
  const Table& audit = table("public", "audit_log");
  EXPECT_EQ(audit.indexes.at("audit_log_action_idx").elements[0].opclass, "text_pattern_ops");
  EXPECT_TRUE(audit.indexes.at("audit_log_action_idx").concurrently);
  EXPECT_EQ(table("auth", "sessions").indexes.at("sessions_expires_at_idx").with.at("fillfactor"),
            "70");
}

TEST(SnapshotModel, EnumsSchemasRolesPoliciesViews) {
  const Schema& schema = fixture_schema();
  EXPECT_EQ(schema.enums.at(QualifiedName{"auth", "user_role"}).values,
            (std::vector<std::string>{"user", "admin", "moderator"}));
  EXPECT_EQ(schema.enums.at(QualifiedName{"billing", "currency"}).values,
            (std::vector<std::string>{"EUR", "USD", "GBP"}));
  EXPECT_EQ(schema.namespaces.size(), 2u);
  EXPECT_TRUE(schema.namespaces.contains("billing"));
  EXPECT_FALSE(schema.roles.at("auditor").inherit);
  EXPECT_TRUE(schema.roles.at("auditor").create_db);
  EXPECT_FALSE(schema.roles.contains("admin"));  // .existing() roles are not in snapshots
  const Policy& owner = table("billing", "invoices").policies.at("invoices_owner");
  EXPECT_FALSE(owner.permissive);
  EXPECT_EQ(owner.command, "UPDATE");
  EXPECT_EQ(owner.roles, (std::vector<std::string>{"app_user", "auditor"}));
  EXPECT_EQ(owner.with_check->text, "\"billing\".\"invoices\".\"amount\" < 1000");
  EXPECT_EQ(table("billing", "invoices").policies.at("invoices_read").roles,
            std::vector<std::string>{"public"});
  EXPECT_TRUE(table("auth", "sessions").row_level_security);
  EXPECT_FALSE(table("auth", "users").row_level_security);
  EXPECT_EQ(schema.views.size(), 3u);  // legacy_view is .existing()
  const View& recent = schema.views.at(QualifiedName{"public", "recent_audit"});
  EXPECT_FALSE(recent.materialized);
  EXPECT_EQ(recent.check_option, "cascaded");
  EXPECT_EQ(recent.with.at("security_barrier"), "true");
  EXPECT_EQ(recent.query.canonical, sql::canonical_query(recent.query.text));
  const View& totals = schema.views.at(QualifiedName{"billing", "invoice_totals"});
  EXPECT_TRUE(totals.materialized);
  EXPECT_TRUE(totals.with_no_data);
  EXPECT_EQ(totals.with.at("autovacuum_enabled"), "false");
  EXPECT_EQ(totals.with.at("fillfactor"), "90");
}

// A schema with everything drizzle-kit's format lacks, written by sleet and read back.
Schema everything_schema() {
  Schema schema = fixture_schema();
  schema.extensions["pgcrypto"] = Extension{"pgcrypto", "extensions", "1.3"};
  schema.extensions["citext"] = Extension{"citext", "", ""};
  schema.namespaces.at("auth").comment = "sign-in";
  schema.enums.at(QualifiedName{"auth", "user_role"}).comment = "who";
  Sequence& sequence = schema.sequences.at(QualifiedName{"public", "ticket_seq"});
  sequence.options.data_type = "integer";
  sequence.owned_by = "audit_log.id";
  sequence.comment = "tickets";
  Table& users = schema.tables.at(QualifiedName{"auth", "users"});
  users.comment = "people";
  users.force_row_level_security = true;
  users.primary_key->comment = "the key";
  users.primary_key->deferrable = true;
  users.primary_key->initially_deferred = true;
  users.find_column("email")->collation = "C";
  users.find_column("email")->comment = "login";
  users.check_constraints.at("users_username_len").no_inherit = true;
  users.unique_constraints.at("users_username_key").deferrable = true;
  users.unique_constraints.at("users_username_key").initially_deferred = true;
  Index& index = users.indexes.at("users_role_is_active_index");
  index.include = {"email"};
  index.nulls_not_distinct = true;
  index.elements[0].collation = "C";
  index.comment = "lookup";
  ForeignKey& key =
      schema.tables.at(QualifiedName{"auth", "tokens"}).foreign_keys.at("tokens_user_fk");
  key.match = "full";
  key.deferrable = true;
  key.comment = "owner";
  schema.tables.at(QualifiedName{"billing", "invoices"}).policies.at("invoices_read").comment =
      "all";
  View& view = schema.views.at(QualifiedName{"public", "recent_audit"});
  view.column_names = {"id", "action"};
  view.comment = "last day";
  // A single-column primary key with its own name is written as a composite one.
  schema.tables.at(QualifiedName{"public", "notes"}).primary_key->name = "notes_primary";
  schema.tables.at(QualifiedName{"public", "notes"}).primary_key->deferrable = true;
  // Composite and range types with every property set.
  CompositeType address;
  address.name = {"auth", "address"};
  address.attributes = {{"street", TypeName{"text", "", 0}, "C", "street and number"},
                        {"roles", TypeName{"user_role", "auth", 1}, "", std::nullopt}};
  address.comment = "postal";
  schema.composite_types[address.name] = address;
  schema.composite_types[{"public", "empty_row"}] = CompositeType{{"public", "empty_row"}, {}, {}};
  RangeType span;
  span.name = {"public", "span"};
  span.subtype = TypeName{"double precision", "", 0};
  span.subtype_opclass = "float8_ops";
  span.collation = "C";
  span.canonical = "public.span_canonical";
  span.subtype_diff = "float8mi";
  span.multirange_name = "spans";
  span.comment = "lengths";
  schema.range_types[span.name] = span;
  return schema;
}

TEST(SnapshotModel, SleetSavesAndLoadsTheSameSchema) {
  Schema schema = everything_schema();
  SnapshotHeader header{"11111111-2222-4333-8444-555555555555", kNoParentSnapshotId, {}};
  std::string text = save_snapshot(schema, header);
  Snapshot loaded = read_snapshot(text, "sleet.json");
  EXPECT_EQ(loaded.schema, schema);
  EXPECT_TRUE(loaded.header.layout.empty());
  EXPECT_EQ(loaded.header.id, header.id);
  EXPECT_EQ(save_snapshot(loaded.schema, loaded.header), text);
  EXPECT_NE(text.find("\"notes_primary\": {"), std::string::npos);
  EXPECT_NE(text.find("\"sleet\": {"), std::string::npos);
  EXPECT_NE(text.back(), '\n');
}

TEST(SnapshotModel, AnEmptySchemaIsWhatDrizzleKitWritesForNoTables) {
  SnapshotHeader header{"a", "b", {}};
  EXPECT_EQ(save_snapshot(Schema{}, header),
            "{\n  \"id\": \"a\",\n  \"prevId\": \"b\",\n  \"version\": \"7\",\n"
            "  \"dialect\": \"postgresql\",\n  \"tables\": {},\n  \"enums\": {},\n"
            "  \"schemas\": {},\n  \"sequences\": {},\n  \"roles\": {},\n  \"policies\": {},\n"
            "  \"views\": {},\n  \"_meta\": {\n    \"columns\": {},\n    \"schemas\": {},\n"
            "    \"tables\": {}\n  }\n}");
}

std::string load_error(const std::string& text) {
  try {
    load_snapshot(text, "meta/0003_snapshot.json");
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    return error.describe();
  }
  ADD_FAILURE() << "no error for " << text;
  return {};
}

std::string minimal(const std::string& version, const std::string& dialect,
                    const std::string& tables = "{}") {
  return "{\"id\":\"x\",\"prevId\":\"y\",\"version\":\"" + version + "\",\"dialect\":\"" + dialect +
         "\",\"tables\":" + tables + ",\"enums\":{},\"schemas\":{},\"_meta\":" +
         "{\"columns\":{},\"schemas\":{},\"tables\":{}}}";
}

TEST(SnapshotErrors, MalformedJsonNamesLineAndColumn) {
  std::string message = load_error("{\n  \"id\": \"x\",\n  \"prevId\": ,\n}");
  EXPECT_NE(message.find("meta/0003_snapshot.json:3:13"), std::string::npos) << message;
  EXPECT_NE(message.find("malformed snapshot JSON"), std::string::npos) << message;
  EXPECT_NE(load_error("").find("meta/0003_snapshot.json:1:1"), std::string::npos);
}

TEST(SnapshotErrors, VersionsAndDialects) {
  EXPECT_TRUE(load_snapshot(minimal("7", "postgresql"), "f").tables.empty());
  std::string old = load_error(minimal("6", "postgresql"));
  EXPECT_NE(old.find("older than 7"), std::string::npos) << old;
  EXPECT_NE(old.find("drizzle-kit up"), std::string::npos) << old;
  std::string newer = load_error(minimal("8", "postgresql"));
  EXPECT_NE(newer.find("not supported"), std::string::npos) << newer;
  std::string mysql = load_error(minimal("7", "mysql"));
  EXPECT_NE(mysql.find("dialect \"mysql\""), std::string::npos) << mysql;
}

TEST(SnapshotErrors, MissingAndIllTypedKeysNameTheirPath) {
  std::string table =
      R"({"auth.users":{"name":"users","schema":"auth","columns":{"id":{"name":"id",)"
      R"("primaryKey":true,"notNull":true}},"indexes":{},"foreignKeys":{},)"
      R"("compositePrimaryKeys":{},"uniqueConstraints":{}}})";
  std::string missing = load_error(minimal("7", "postgresql", table));
  EXPECT_NE(missing.find("tables.\"auth.users\".columns.id.type: missing"), std::string::npos)
      << missing;
  EXPECT_NE(missing.find("meta/0003_snapshot.json"), std::string::npos) << missing;
  std::string wrong = table;
  wrong.replace(wrong.find("\"notNull\":true"), 14, "\"notNull\":\"yes\",\"type\":\"text\"");
  std::string ill = load_error(minimal("7", "postgresql", wrong));
  EXPECT_NE(
      ill.find("tables.\"auth.users\".columns.id.notNull: expected a boolean, found a string"),
      std::string::npos)
      << ill;
  std::string no_tables =
      load_error(R"({"id":"x","prevId":"y","version":"7","dialect":"postgresql"})");
  EXPECT_NE(no_tables.find("tables: missing"), std::string::npos) << no_tables;
}

// Tables are read while the document is parsed; errors still come out in document order,
// after the header's.
TEST(SnapshotErrors, ErrorsComeOutInDocumentOrder) {
  std::string bad_table = R"({"auth.users":{"schema":"auth","columns":{}}})";
  std::string old = load_error(minimal("6", "postgresql", bad_table));
  EXPECT_NE(old.find("older than 7"), std::string::npos) << old;
  std::string two = R"({"a.first":{"name":"first","schema":"a","columns":7},)"
                    R"("a.second":{"schema":"a","columns":{}}})";
  std::string first = load_error(minimal("7", "postgresql", two));
  EXPECT_NE(first.find("tables.\"a.first\".columns: expected an object"), std::string::npos)
      << first;
  std::string not_object = load_error(minimal("7", "postgresql", R"({"a.t":null})"));
  EXPECT_NE(not_object.find("tables.\"a.t\": expected an object, found null"),
            std::string::npos)
      << not_object;
  std::string array = load_error(minimal("7", "postgresql", R"([{"name":"t"}])"));
  EXPECT_NE(array.find("tables: expected an object"), std::string::npos) << array;
}

// A key given twice keeps its last value, as JSON readers do; nothing of the first stays.
TEST(SnapshotModel, ATableKeyGivenTwiceKeepsTheLastValue) {
  const std::string users =
      R"({"name":"users","schema":"","columns":{"id":{"name":"id","type":"integer",)"
      R"("primaryKey":true,"notNull":true}},"indexes":{},"foreignKeys":{},)"
      R"("compositePrimaryKeys":{},"uniqueConstraints":{},"policies":{},)"
      R"("checkConstraints":{},"isRLSEnabled":false)";
  std::string null_last = load_error(
      minimal("7", "postgresql", "{\"users\":" + users + "},\"users\":null}"));
  EXPECT_NE(null_last.find("tables.users: expected an object, found null"), std::string::npos)
      << null_last;
  Snapshot snapshot = read_snapshot(
      minimal("7", "postgresql",
              "{\"users\":" + users + ",\"extra\":1},\"users\":" + users + "}}"),
      "f");
  std::string saved = save_snapshot(snapshot.schema, snapshot.header);
  EXPECT_EQ(saved.find("\"extra\""), std::string::npos) << saved;
  EXPECT_NE(saved.find("\"users\""), std::string::npos) << saved;
}

// A table filed under a key that is not its name is kept as the file has it.
TEST(SnapshotModel, ATableUnderAnotherKeyReadsAndSavesBack) {
  std::string table =
      R"({"legacy_key":{"name":"users","schema":"","columns":{"id":{"name":"id",)"
      R"("type":"integer","primaryKey":true,"notNull":true}},"indexes":{},"foreignKeys":{},)"
      R"("compositePrimaryKeys":{},"uniqueConstraints":{},"policies":{},)"
      R"("checkConstraints":{},"isRLSEnabled":false}})";
  Snapshot snapshot = read_snapshot(minimal("7", "postgresql", table), "f");
  ASSERT_EQ(snapshot.schema.tables.size(), 1u);
  EXPECT_EQ(snapshot.schema.tables.begin()->first.name, "users");
  std::string saved = save_snapshot(snapshot.schema, snapshot.header);
  EXPECT_NE(saved.find("\"legacy_key\""), std::string::npos) << saved;
}

}  // namespace
}  // namespace sleet
