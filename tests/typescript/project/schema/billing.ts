// Two more PostgreSQL schemas: serial and identity keys, composite keys, foreign keys with
// actions, an enum in a schema.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  foreignKey,
  integer,
  pgSchema,
  primaryKey,
  serial,
  smallint,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./users";

export const billing = pgSchema("billing");
export const audit = pgSchema("audit");

export const plan = billing.enum("plan", ["free", "pro", "enterprise"]);

export const accounts = billing.table("accounts", {
  id: serial().primaryKey(),
  ownerId: integer()
    .notNull()
    .references(() => users.id, { onDelete: "cascade", onUpdate: "no action" }),
  plan: plan().notNull().default("free"),
  seats: smallint().notNull().default(1),
  ...timestamps,
});

export const invoices = billing.table(
  "invoices",
  {
    accountId: integer().notNull(),
    number: integer().notNull(),
    year: smallint().notNull(),
    total: doublePrecision(),
    issuedOn: date().defaultNow(),
    sequenceNumber: bigserial({ mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.number] }),
    unique("invoices_year_number_key").on(t.year, t.number),
    foreignKey({ columns: [t.accountId], foreignColumns: [accounts.id], name: "invoices_account_fk" })
      .onDelete("restrict")
      .onUpdate("cascade"),
  ],
);

export const invoiceLines = billing.table(
  "invoice_lines",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity({ startWith: 100 }),
    accountId: integer().notNull(),
    invoiceNumber: integer().notNull(),
    note: text(),
    quantity: integer().notNull().default(sql`1`),
  },
  (t) => [
    foreignKey({
      columns: [t.accountId, t.invoiceNumber],
      foreignColumns: [invoices.accountId, invoices.number],
    }).onDelete("cascade"),
    unique().on(t.accountId, t.note),
  ],
);

export const events = audit.table("events", {
  id: bigserial({ mode: "bigint" }).primaryKey(),
  actorId: integer().references(() => users.id, { onDelete: "set null" }),
  payload: text().notNull(),
});
