// Fault injection: the relay dies right after each step (a message stored; the commit sent, before its
// receipt; the commit mined, before it was recorded; an execute sent, before its receipt; an execute mined,
// before it was recorded; and a batch written before it was sent), as a SIGKILL would leave it, and is
// started again on the same database with the same key. The destination does not mine on its own (its
// transactions are still pending when the relay dies). Each time every message is committed once and
// executed exactly once (one ExecutionStateChanged), and one transaction was sent per execution.
import assert from "node:assert/strict";
import type { Hex } from "viem";
import { afterAll, beforeAll, it } from "vitest";
import type { SendRequest } from "../chain/nonceSigner.ts";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import {
  type CcipFixture,
  doom,
  resetCcipTables,
  startCcipFixture,
} from "../testing/ccipFixture.ts";
import { ExecutionState, lanesBetween } from "./types.ts";

const purposeOf = (args: unknown[]) =>
  typeof args[0] === "string" ? args[0] : ((args[0] as SendRequest | undefined)?.purpose ?? "");
const mined = (result: unknown) => (result as { status?: string } | undefined)?.status === "mined";

/** Where the relay dies: after `method` of its store or a signer did its work, when `when` holds. */
const steps: {
  what: string;
  method: string;
  when: (args: unknown[], result: unknown) => boolean;
}[] = [
  { what: "storing the messages", method: "saveSent", when: (_, n) => (n as number) > 0 },
  {
    what: "writing the commit batch",
    method: "createCommit",
    when: (_, batch) => batch !== undefined,
  },
  {
    what: "sending the commit, before its receipt",
    method: "send",
    when: (args) => purposeOf(args).startsWith("ccip:commit:"),
  },
  {
    what: "the commit was mined, before recording it",
    method: "follow",
    when: (args, result) => purposeOf(args).startsWith("ccip:commit:") && mined(result),
  },
  {
    what: "sending an execute, before its receipt",
    method: "send",
    when: (args) => purposeOf(args).startsWith("ccip:execute:"),
  },
  {
    what: "an execute was mined, before recording it",
    method: "follow",
    when: (args, result) => purposeOf(args).startsWith("ccip:execute:") && mined(result),
  },
];

describeBackends("CCIP relay killed at each step", (backend) => {
  let f: CcipFixture;
  let db: Awaited<ReturnType<typeof openTestSql>>;

  beforeAll(async () => {
    f = await startCcipFixture();
    db = await openTestSql(backend);
    // The destination mines only when the test says: a transaction sent is pending until then.
    await f.chain(31338).setAutomine(false);
  });
  afterAll(async () => {
    await db?.close();
    await f?.close();
  });

  for (const step of steps) {
    it(`executes each message once when the relay dies after ${step.what}`, async () => {
      await resetCcipTables(db.sql);
      const dest = f.chain(31338);
      // Lanes from the current heads on: earlier cases' messages are not this one's.
      const lanes = lanesBetween(await f.endpoints(true));
      const ids: Hex[] = [];
      for (let i = 0; i < 3; i++) ids.push((await f.send(31337, { data: `0x0${i}` })).messageId);
      const death = doom(step.method, step.when);
      const doomed = await f.startRelay(db.sql, { name: "relay", lanes, wrap: death.wrap });
      try {
        for (let i = 0; i < 200 && !death.isDead(); i++) {
          await doomed.pass();
          await dest.mine(1);
        }
        assert.ok(death.isDead(), `the relay reached: ${step.what}`);
      } finally {
        // As after a SIGKILL: the process and its key's lock are gone, its lane leases are still held.
        await doomed.stop();
      }
      // Started again with the same key (under another name: the leases are the key's).
      const restarted = await f.startRelay(db.sql, { name: "restarted", lanes });
      try {
        for (let i = 0; i < 200; i++) {
          await restarted.pass();
          const rows = await Promise.all(ids.map((id) => restarted.store.get(id)));
          if (rows.every((r) => r?.state === "success")) break;
          await dest.mine(1);
        }
        for (const id of ids) {
          assert.equal((await restarted.store.get(id))?.state, "success", `${id} recorded`);
          assert.equal(await f.stateOf(31338, id), ExecutionState.SUCCESS);
          assert.equal((await f.executions(31338, id)).length, 1, `${id} executed once`);
          assert.equal(await f.commits(31338, id), 1, `${id} committed once`);
        }
        const executes = await db.sql.query<{ purpose: string }>(
          "select purpose from keepers.chain_txs where purpose like 'ccip:execute:%'",
        );
        assert.equal(executes.length, ids.length, "one execute transaction per message");
      } finally {
        await restarted.stop();
      }
    });
  }
});
