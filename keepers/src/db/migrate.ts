// Applies keepers/src/db/migrations/*.sql in name order, each once, in its own transaction. Keepers that
// start together on one Postgres serialise on an advisory lock, so each migration runs exactly once.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Sql } from "./sql.ts";

const folder = fileURLToPath(new URL("./migrations/", import.meta.url));
const migrationLock = 0x6b656570n; // "keep"

export async function migrate(sql: Sql): Promise<string[]> {
  let lock: Awaited<ReturnType<Sql["tryAdvisoryLock"]>> = false;
  for (let waited = 0; !lock; waited += 100) {
    lock = await sql.tryAdvisoryLock(migrationLock);
    if (!lock) {
      if (waited > 60_000) throw new Error("keepers: another process holds the migration lock");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await sql.query("create schema if not exists keepers");
    await sql.query(
      "create table if not exists keepers.migrations (name text primary key, applied_at timestamptz not null default now())",
    );
    const done = new Set(
      (await sql.query<{ name: string }>("select name from keepers.migrations")).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith(".sql"))
      .sort()) {
      if (done.has(file)) continue;
      const text = readFileSync(`${folder}${file}`, "utf8");
      await sql.transaction(async (tx) => {
        for (const statement of splitStatements(text)) await tx.query(statement);
        await tx.query("insert into keepers.migrations (name) values ($1)", [file]);
      });
      applied.push(file);
    }
    return applied;
  } finally {
    await lock.release();
  }
}

/** Splits a migration on semicolons at line ends (our migrations hold no procedural bodies). */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) =>
      s
        .split("\n")
        .filter((line) => !line.trim().startsWith("--"))
        .join("\n")
        .trim(),
    )
    .filter((s) => s.length > 0);
}
