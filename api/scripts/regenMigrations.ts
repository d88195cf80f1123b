// Rebuilds api/drizzle/ from the schema: one generated "init" migration plus the hand-written SQL
// drizzle-kit cannot express (src/db/sql/*.sql, e.g. the audit log's append-only triggers).
// Only for starting over: it rewrites every migration, so any database that applied the old ones
// (a developer's .dev/api/pglite included) fails to migrate afterwards. Schema changes are additive
// migrations: `npm run db:generate -w api`.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const apiDir = fileURLToPath(new URL("../", import.meta.url));
const out = `${apiDir}drizzle`;
const kit = fileURLToPath(new URL("../../node_modules/drizzle-kit/bin.cjs", import.meta.url));

rmSync(out, { recursive: true, force: true });
const generate = (...args: string[]) =>
  execFileSync(process.execPath, [kit, "generate", "--config", "drizzle.config.ts", ...args], {
    cwd: apiDir,
    stdio: ["ignore", "ignore", "inherit"],
  });
generate("--name", "init");
// The migrator creates the "api" schema first (its bookkeeping table lives there).
const init = readdirSync(out).find((entry) => entry.endsWith("_init.sql"))!;
const initSql = readFileSync(`${out}/${init}`, "utf8");
writeFileSync(
  `${out}/${init}`,
  initSql.replace('CREATE SCHEMA "api";', 'CREATE SCHEMA IF NOT EXISTS "api";'),
);
const sqlDir = `${apiDir}src/db/sql`;
for (const file of readdirSync(sqlDir).sort()) {
  const name = file.replace(/\.sql$/, "");
  generate("--custom", "--name", name);
  const target = readdirSync(out).find((entry) => entry.endsWith(`_${name}.sql`));
  if (!target) throw new Error(`drizzle-kit did not create a migration for ${name}`);
  writeFileSync(`${out}/${target}`, readFileSync(`${sqlDir}/${file}`, "utf8"));
}
console.log(
  `api/drizzle: ${readdirSync(out)
    .filter((f) => f.endsWith(".sql"))
    .join(", ")}`,
);
