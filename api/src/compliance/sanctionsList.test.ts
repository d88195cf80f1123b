import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import fp from "fastify-plugin";
import { afterAll, beforeAll, test } from "vitest";
import { loadConfig } from "../config.ts";
import type { ApiError } from "../errors.ts";
import { createManualClock } from "../lib/clock.ts";
import { compliancePlugin } from "./plugin.ts";
import { openSanctionsList } from "./sanctionsList.ts";

const listed = "0x000000000000000000000000000000000000dEaD";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fluxion-sanctions-unit-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("screens case-insensitively and returns the addresses as given", async () => {
  const file = join(dir, "screen.txt");
  writeFileSync(file, `${listed}\n`);
  const list = await openSanctionsList(file, createManualClock());
  assert.deepEqual(
    list.screen([listed.toLowerCase(), "0x1111111111111111111111111111111111111112"]),
    [listed.toLowerCase()],
  );
  await list.close();
});

test("a failed reload keeps the previous list and says which lines are bad", async () => {
  const file = join(dir, "reload.txt");
  writeFileSync(file, `${listed}\n`);
  const clock = createManualClock();
  const list = await openSanctionsList(file, clock);
  const before = list.info();
  writeFileSync(file, `${listed}\nnope\n`);
  clock.advance(1000);
  await assert.rejects(list.reload(), (error: ApiError) => {
    assert.equal(error.code, "compliance.sanctions_invalid");
    assert.deepEqual(error.details?.lines, [2]);
    return true;
  });
  assert.deepEqual(list.info(), before);
  assert.equal(list.screen([listed]).length, 1);
  await list.close();
});

test("the compliance plugin refuses to start on a malformed or missing sanctions file", async () => {
  const bad = join(dir, "bad.txt");
  writeFileSync(bad, "not a list\n");
  for (const file of [bad, join(dir, "missing.txt")]) {
    const app = Fastify({ logger: false });
    const config = loadConfig({ API_SANCTIONS_FILE: file });
    // Just what the plugin needs from the core plugin: no database is involved.
    await app.register(
      fp(
        async (core) => {
          core.decorate("config", config);
          core.decorate("clock", createManualClock());
        },
        { name: "config" },
      ),
    );
    await assert.rejects(
      async () => {
        await app.register(compliancePlugin);
      },
      new RegExp(`sanctions list ${file}`),
    );
    await app.close();
  }
});
