// Shared column builders, imported by relative path (the export cache follows this import).
import { timestamp } from "drizzle-orm/pg-core";

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }),
};
