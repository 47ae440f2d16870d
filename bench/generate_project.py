#!/usr/bin/env python3
"""Writes a synthetic project of N tables twice: as sleet SQL schema files and as the
equivalent drizzle-kit TypeScript schema. Deterministic: the same N and variant always give
the same bytes.

    generate_project.py --tables 1000 --out DIR [--variant base|changed]

DIR/sleet/    sleet.toml, schema/00_types.sql, schema/tables_NNNN.sql (100 tables a file,
              in creation order, so concatenating the files gives a runnable script)
DIR/drizzle/  schema.ts, drizzle.config.ts (url from DATABASE_URL, out from BENCH_OUT)

The "changed" variant is the base plus a ~5% edit: every 20th table gains a column and an
index on it, every 40th loses its partial index. Only additions and index drops, so neither
tool asks a rename question.
"""
import argparse
import os
import random

SCHEMAS = ["app", "billing", "audit"]
ENUM_VALUES = ["draft", "active", "suspended", "archived"]
NOUNS = [
    "accounts", "orders", "invoices", "payments", "products", "customers", "shipments",
    "tickets", "projects", "tasks", "comments", "events", "sessions", "devices", "teams",
    "members", "refunds", "coupons", "carts", "reviews", "vendors", "contracts", "assets",
    "reports", "alerts", "webhooks", "ledgers", "budgets", "notes", "files",
]
FILE_CHUNK = 100


def table_name(index):
    return f"{NOUNS[(index * 7) % len(NOUNS)]}_{index:04d}"


def schema_of(index):
    return SCHEMAS[index % len(SCHEMAS)]


def key_kind(index):
    # uuid, bigint identity, integer identity, spread independently of the schema.
    return ["uuid", "bigint", "integer"][(index // 3) % 3]


# Optional columns: (name, sql type, sql default or None, not null, drizzle builder).
# The drizzle builder is a format string over the column name and the schema's enum const.
OPTIONAL_COLUMNS = [
    ("title", "varchar(120)", None, False, 'varchar("{c}", {{ length: 120 }})'),
    ("qty", "integer", "0", True, 'integer("{c}").default(0)'),
    ("total", "bigint", None, False, 'bigint("{c}", {{ mode: "number" }})'),
    ("amount", "numeric(12,2)", "'0.00'", True,
     'numeric("{c}", {{ precision: 12, scale: 2 }}).default("0.00")'),
    ("is_active", "boolean", "true", True, 'boolean("{c}").default(true)'),
    ("updated_at", "timestamptz", None, False, 'timestamp("{c}", {{ withTimezone: true }})'),
    ("due_on", "date", None, False, 'date("{c}")'),
    ("payload", "jsonb", "'{{}}'::jsonb", True, 'jsonb("{c}").default(sql`\'{{}}\'::jsonb`)'),
    ("tags", "text[]", "'{{}}'::text[]", True,
     'text("{c}").array().default(sql`\'{{}}\'::text[]`)'),
    ("code", "varchar(32)", None, False, 'varchar("{c}", {{ length: 32 }})'),
    ("description", "text", None, False, 'text("{c}")'),
    ("score", "integer", None, False, 'integer("{c}")'),
    ("priority", "smallint", "1", True, 'smallint("{c}").default(1)'),
    # The other builders, with the defaults as drizzle-kit spells them in SQL.
    ("ratio", "real", None, False, 'real("{c}")'),
    ("weight", "double precision", "1.5", True, 'doublePrecision("{c}").default(1.5)'),
    ("balance", "numeric", "'0'", True, 'numeric("{c}").default("0")'),
    ("meta", "json", None, False, 'json("{c}")'),
    ("span", "interval", None, False, 'interval("{c}")'),
    ("opens_at", "time", None, False, 'time("{c}")'),
    ("country", "char(2)", None, False, 'char("{c}", {{ length: 2 }})'),
    ("client_ip", "inet", None, False, 'inet("{c}")'),
    ("external_id", "uuid", "gen_random_uuid()", True, 'uuid("{c}").defaultRandom()'),
    ("labels", "text[]", "'{\"general\"}'", True, 'text("{c}").array().default(["general"])'),
    ("day", "date", "now()", True, 'date("{c}").defaultNow()'),
]


class Column:
    def __init__(self, name, sql_type, default, not_null, drizzle):
        self.name, self.sql_type, self.default = name, sql_type, default
        self.not_null, self.drizzle = not_null, drizzle


class Table:
    def __init__(self, index, variant):
        rng = random.Random(1_000_003 * index + 17)
        self.index = index
        self.name = table_name(index)
        self.schema = schema_of(index)
        self.key = key_kind(index)
        self.columns = []
        self.foreign_keys = []  # (column, target index, on delete)
        self.uniques = []  # (constraint name, [columns])
        self.indexes = []  # (name, [columns], where or None, unique)
        self.checks = []  # (name, expression)
        self._add_key()
        self._add_references(rng)
        self._add_columns(rng)
        self._add_constraints_and_indexes(rng)
        if variant == "changed":
            self._apply_change()

    def _add_key(self):
        if self.key == "uuid":
            self.columns.append(Column("id", "uuid", "gen_random_uuid()", True,
                                       'uuid("id").primaryKey().defaultRandom()'))
        else:
            builder = ('bigint("id", {{ mode: "number" }})' if self.key == "bigint"
                       else 'integer("id")')
            self.columns.append(Column("id", self.key, "IDENTITY", True,
                                       builder + ".primaryKey().generatedAlwaysAsIdentity()"))

    def _add_references(self, rng):
        if self.index == 0:
            return
        count = 1 if self.index < 3 else rng.choice([1, 1, 2])
        targets = sorted({rng.randrange(max(0, self.index - 60), self.index) for _ in range(count)})
        for target in targets:
            column = f"{table_name(target)}_id"
            sql_type = key_kind(target)
            builder = {"uuid": 'uuid("{c}")', "bigint": 'bigint("{c}", {{ mode: "number" }})',
                       "integer": 'integer("{c}")'}[sql_type]
            required = rng.random() < 0.7
            on_delete = "cascade" if required else "set null"
            self.columns.append(Column(column, sql_type, None, required, builder))
            self.foreign_keys.append((column, target, on_delete))

    def _add_columns(self, rng):
        self.columns.append(Column("name", "text", None, True, 'text("{c}")'))
        self.columns.append(Column("status", f"{self.schema}.status", "'active'", True,
                                   '{enum}("{c}").default("active")'))
        wanted = rng.randint(8, 15) - len(self.columns) - 2  # created_at, deleted_at below
        for spec in rng.sample(OPTIONAL_COLUMNS, max(0, min(wanted, len(OPTIONAL_COLUMNS)))):
            name, sql_type, default, not_null, builder = spec
            self.columns.append(Column(name, sql_type, default and default.replace("{{}}", "{}"),
                                       not_null, builder))
        self.columns.append(Column("created_at", "timestamptz", "now()", True,
                                   'timestamp("{c}", {{ withTimezone: true }}).defaultNow()'))
        self.columns.append(Column("deleted_at", "timestamptz", None, False,
                                   'timestamp("{c}", {{ withTimezone: true }})'))

    def has(self, column):
        return any(c.name == column for c in self.columns)

    def _add_constraints_and_indexes(self, rng):
        t = self.name
        if self.has("code"):
            self.uniques.append((f"{t}_code_key", ["code"]))
        for column, _, _ in self.foreign_keys:
            self.indexes.append((f"{t}_{column}_idx", [column], None, False))
        self.indexes.append((f"{t}_status_created_idx", ["status", "created_at"], None, False))
        self.indexes.append((f"{t}_live_idx", ["created_at"], "deleted_at IS NULL", False))
        if rng.random() < 0.3:
            self.indexes.append((f"{t}_name_live_key", ["name"], "deleted_at IS NULL", True))
        if self.has("qty"):
            self.checks.append((f"{t}_qty_check", "qty >= 0"))
        elif self.has("amount"):
            self.checks.append((f"{t}_amount_check", "amount >= 0"))
        else:
            self.checks.append((f"{t}_name_check", "char_length(name) > 0"))

    def _apply_change(self):
        if self.index % 20 == 7:
            self.columns.append(Column("note_v2", "text", None, False, 'text("{c}")'))
            self.indexes.append((f"{self.name}_note_v2_idx", ["note_v2"], None, False))
        if self.index % 40 == 13:
            self.indexes = [i for i in self.indexes if not i[0].endswith("_live_idx")]

    def foreign_key_name(self, column, target):
        # drizzle-kit's default name for .references(); kept below 63 bytes by short names.
        return f"{self.name}_{column}_{table_name(target)}_id_fk"


def render_sql_table(table):
    q = f'{table.schema}.{table.name}'
    lines = []
    for c in table.columns:
        line = f"  {c.name} {c.sql_type}"
        if c.default == "IDENTITY":
            line += " GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        else:
            if c.name == "id":
                line += " PRIMARY KEY"
            if c.default is not None:
                line += f" DEFAULT {c.default}"
            if c.not_null and c.name != "id":
                line += " NOT NULL"
        lines.append(line)
    for column, target, on_delete in table.foreign_keys:
        lines.append(f"  CONSTRAINT {table.foreign_key_name(column, target)} FOREIGN KEY ({column}) "
                     f"REFERENCES {schema_of(target)}.{table_name(target)} (id) "
                     f"ON DELETE {on_delete.upper()}")
    for name, columns in table.uniques:
        lines.append(f"  CONSTRAINT {name} UNIQUE ({', '.join(columns)})")
    for name, expression in table.checks:
        lines.append(f"  CONSTRAINT {name} CHECK ({expression})")
    out = [f"CREATE TABLE {q} (\n" + ",\n".join(lines) + "\n);"]
    for name, columns, where, unique in table.indexes:
        statement = (f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {q} "
                     f"({', '.join(columns)})")
        if where:
            statement += f" WHERE {where}"
        out.append(statement + ";")
    return "\n".join(out) + "\n"


def ts_const(table):
    return f"t{table.index:04d}"


def render_ts_table(table):
    enum = f"{table.schema}Status"
    lines = []
    for c in table.columns:
        builder = c.drizzle.format(c=c.name, enum=enum)
        if c.not_null and c.name != "id":
            builder += ".notNull()"
        for column, target, on_delete in table.foreign_keys:
            if column == c.name:
                builder += (f'.references(() => t{target:04d}.id, {{ onDelete: "{on_delete}" }})')
        lines.append(f"  {c.name}: {builder},")
    extras = []
    for name, columns in table.uniques:
        extras.append(f'  unique("{name}").on({", ".join("t." + c for c in columns)}),')
    for name, columns, where, unique in table.indexes:
        kind = "uniqueIndex" if unique else "index"
        line = f'  {kind}("{name}").on({", ".join("t." + c for c in columns)})'
        if where:
            line += f".where(sql`{where}`)"
        extras.append(line + ",")
    for name, expression in table.checks:
        extras.append(f'  check("{name}", sql`{expression}`),')
    return (f'export const {ts_const(table)} = {table.schema}.table("{table.name}", {{\n'
            + "\n".join(lines) + "\n}, (t) => [\n" + "\n".join(extras) + "\n]);\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(tables, out, variant):
    all_tables = [Table(i, variant) for i in range(tables)]
    filter_list = ", ".join(f'"{s}"' for s in SCHEMAS)

    # sleet: SQL files.
    types = [f"CREATE SCHEMA {s};" for s in SCHEMAS]
    values = ", ".join(f"'{v}'" for v in ENUM_VALUES)
    types += [f"CREATE TYPE {s}.status AS ENUM ({values});" for s in SCHEMAS]
    write(os.path.join(out, "sleet", "schema", "00_types.sql"), "\n".join(types) + "\n")
    for start in range(0, tables, FILE_CHUNK):
        chunk = all_tables[start:start + FILE_CHUNK]
        write(os.path.join(out, "sleet", "schema", f"tables_{start:04d}.sql"),
              "\n".join(render_sql_table(t) for t in chunk))
    write(os.path.join(out, "sleet", "sleet.toml"),
          'schema = "schema/*.sql"\nout = "drizzle"\n'
          f"schema_filter = [{filter_list}]\n")

    # drizzle-kit: one TypeScript file (references need the tables in one module scope).
    ts = ['import { sql } from "drizzle-orm";',
          "import { bigint, boolean, char, check, date, doublePrecision, index, inet, integer, "
          "interval, json, jsonb, numeric, pgSchema, real, smallint, text, time, timestamp, "
          "unique, uniqueIndex, uuid, varchar } "
          'from "drizzle-orm/pg-core";', ""]
    enum_values = ", ".join(f'"{v}"' for v in ENUM_VALUES)
    for s in SCHEMAS:
        ts.append(f'export const {s} = pgSchema("{s}");')
        ts.append(f'export const {s}Status = {s}.enum("status", [{enum_values}]);')
    ts.append("")
    ts += [render_ts_table(t) for t in all_tables]
    write(os.path.join(out, "drizzle", "schema.ts"), "\n".join(ts))
    write(os.path.join(out, "drizzle", "drizzle.config.ts"),
          'import { defineConfig } from "drizzle-kit";\n\n'
          "// bench/run.sh sets DATABASE_URL and, for pull and migrate, BENCH_OUT.\n"
          "export default defineConfig({\n"
          '  dialect: "postgresql",\n'
          '  schema: "./schema.ts",\n'
          '  out: process.env.BENCH_OUT ?? "./drizzle",\n'
          f"  schemaFilter: [{filter_list}],\n"
          "  strict: false,\n"
          "  verbose: false,\n"
          '  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/none" },\n'
          "});\n")
    return all_tables


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--variant", choices=["base", "changed"], default="base")
    args = parser.parse_args()
    generate(args.tables, args.out, args.variant)


if __name__ == "__main__":
    main()
