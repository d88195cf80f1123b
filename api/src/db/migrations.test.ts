// Released migrations are never rewritten: a database that applied them (a developer's .dev/api/pglite,
// a deployment's Postgres) must keep migrating. Drizzle's migrator runs every migration whose journal
// time is after the last one applied, so a regenerated folder would run its "init" again and fail.
// Changing the schema means adding a migration (`npm run db:generate -w api`), and adding it here.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";

const folder = new URL("../../drizzle/", import.meta.url);

/** Each released migration: its tag, its journal time and the sha256 of its SQL. */
const released = [
  {
    tag: "0000_init",
    when: 1795336071841,
    sha256: "8479f072338ac7376a817619bf83817bccc468ab063476d59ce0b04e11d684c9",
  },
  {
    tag: "0001_auditAppendOnly",
    when: 1795336073508,
    sha256: "1e2bed1fd94484b54adb0174d5d23f97f47b4b6c4e34e3eba5e17f16252a86a6",
  },
  {
    tag: "0002_nonce_sweep_ingress_events",
    when: 1796529013870,
    sha256: "d7dd973f3664012696a251ad93e12aa34f0ef7084d8a4269db49c444d89df131",
  },
  {
    tag: "0003_event_bus",
    when: 1796581708799,
    sha256: "df1061d318cdb3506eef6d1320ea2c586812f118171d0c31799fe1ccf8ea4288",
  },
  {
    tag: "0004_webhook_endpoints",
    when: 1796582441269,
    sha256: "711c0f09696ebd9e5df424cd152cfa661339c514606f836fb1e60c74d3b5ee94",
  },
  {
    tag: "0005_chain_feed",
    when: 1796582819326,
    sha256: "65bb1074a736aefd51e45f72b70beabf79e59eb77ed96a1981fe201d8a8af537",
  },
  {
    tag: "0006_drop_ingress_events",
    when: 1796582820326,
    sha256: "054b118dc05def225543691134ffb5d3f9b72eaa1b5ba99d1fc8791aff5d2384",
  },
  {
    tag: "0007_append_events",
    when: 1796582821326,
    sha256: "f8f2ba2fa64ad6657f4a65a9ac59bfd66a7a05977c84bdac008170f35a251527",
  },
];

describe("api migrations", () => {
  const journal = JSON.parse(readFileSync(new URL("meta/_journal.json", folder), "utf8")) as {
    entries: { idx: number; tag: string; when: number }[];
  };

  it("keeps every released migration as it was released", () => {
    for (const [i, migration] of released.entries()) {
      const entry = journal.entries[i];
      assert.equal(entry?.tag, migration.tag, `migration ${i} is still ${migration.tag}`);
      assert.equal(entry?.when, migration.when, `${migration.tag} keeps its journal time`);
      const sql = readFileSync(new URL(`${migration.tag}.sql`, folder));
      assert.equal(
        createHash("sha256").update(sql).digest("hex"),
        migration.sha256,
        `${migration.tag}.sql is unchanged`,
      );
    }
  });

  it("orders migrations by journal time, newer after older", () => {
    const times = journal.entries.map((e) => e.when);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(new Set(times).size, times.length, "no two migrations share a time");
  });
});
