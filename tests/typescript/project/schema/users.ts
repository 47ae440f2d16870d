// The public schema: most column builders, an enum, indexes, checks and a view.
import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  index,
  inet,
  integer,
  interval,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  pgView,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

export const mood = pgEnum("mood", ["sad", "ok", "happy"]);

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: varchar({ length: 320 }).notNull().unique(),
    displayName: text(),
    mood: mood().default("ok"),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    scores: integer().array(),
    profile: jsonb().$type<{ bio?: string }>().default({}),
    externalId: uuid().defaultRandom().notNull(),
    slug: text().$defaultFn(() => "generated-in-the-application"),
    isAdmin: boolean().notNull().default(false),
    balance: numeric({ precision: 12, scale: 2 }).default("0"),
    country: char({ length: 2 }),
    lastAddress: inet(),
    sessionLength: interval(),
    searchName: text().generatedAlwaysAs(sql`lower(email)`),
    ...timestamps,
  },
  (t) => [
    index("users_tags_idx").using("gin", t.tags),
    index("users_recent_idx").on(t.createdAt.desc()).where(sql`mood <> 'sad'`),
    uniqueIndex("users_lower_email_idx").on(sql`lower(${t.email})`),
    check("users_balance_non_negative", sql`balance >= 0`),
  ],
);

export const activeUsers = pgView("active_users").as((qb) =>
  qb.select({ id: users.id, email: users.email }).from(users).where(sql`${users.mood} <> 'sad'`),
);
