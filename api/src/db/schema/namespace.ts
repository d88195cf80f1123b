// Every API table lives in the Postgres schema "api", so the API can share one database with the
// indexer and the keepers without name clashes (PGlite honours schemas too).
import { pgSchema } from "drizzle-orm/pg-core";

export const apiSchema = pgSchema("api");
