// drizzle-kit: generates SQL migrations into api/drizzle/ from the schema (`npm run db:generate -w api`).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
  migrations: { schema: "api", table: "migrations" },
});
