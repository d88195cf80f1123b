// Fault injection: a keeper dies right after each step of a liquidation and of a fee distribution (the
// run planned the task, a keeper took it, its purpose was written, the transaction was sent, its receipt
// was seen, the task was closed), before it could do or record the next. Another keeper on the same
// database (its own key) carries on once the dead one's leases lapse. Each time exactly one transaction
// does the work on-chain, the task ends done, and nothing is left undone.
import assert from "node:assert/strict";
import { synthVaultAbi, treasuryAbi } from "@fluxion/deploy";
import { type Address, getAbiItem } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import { doom, type JobsFixture, startJobsFixture } from "../testing/jobsFixture.ts";

const liquidated = getAbiItem({ abi: synthVaultAbi, name: "Liquidated" });
const distributed = getAbiItem({ abi: treasuryAbi, name: "FeesDistributed" });

/** Where a keeper dies: after one of these calls has done its work. */
const steps = [
  { method: "plan", what: "the run planned the task" },
  { method: "claimTasks", what: "it took the task" },
  { method: "setPurpose", what: "it wrote the purpose" },
  { method: "send", what: "the transaction went out" },
  { method: "follow", what: "it saw the receipt" },
  { method: "move", what: "it closed the task" },
] as const;

const leaseMs = 300;

describe("a keeper killed at each step", () => {
  let f: JobsFixture;
  let sql: Sql;
  let price = 3000;

  beforeAll(async () => {
    f = await startJobsFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    // Both keys' inventory (each repays liquidations with its own synths).
    for (const keyIndex of [8, 9]) {
      const funder = await f.startKeeper(
        sql,
        `funder-${keyIndex}`,
        { inventory: "every 1h" },
        { keyIndex },
      );
      await funder.pass();
      await funder.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await sql?.close();
    await f?.close();
  });

  /** Runs a doomed keeper until it dies, then a survivor until `done` holds (or fails). */
  async function killThenRecover(
    method: string,
    jobs: Record<string, string>,
    done: () => Promise<boolean>,
    env: Record<string, string> = {},
  ) {
    const death = doom(method);
    const doomed = await f.startKeeper(sql, `doomed-${method}`, jobs, {
      keyIndex: 8,
      store: death.wrap,
      signer: death.wrap,
      leaseMs,
      env,
    });
    try {
      for (const deadline = Date.now() + 5_000; !death.isDead() && Date.now() < deadline; ) {
        await f.mine();
        await doomed.pass().catch(() => {});
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(death.isDead(), `the keeper reached ${method}`);
    } finally {
      await doomed.runtime.stop();
      await doomed.signer.stop();
    }
    // The survivor: only once the dead keeper's leases have lapsed can it take its work.
    const survivor = await f.startKeeper(sql, `survivor-${method}`, jobs, {
      keyIndex: 9,
      leaseMs,
      env,
    });
    try {
      for (let i = 0; i < 60; i++) {
        if (await done()) return;
        await new Promise((r) => setTimeout(r, leaseMs / 3));
        await f.mine();
        await survivor.pass();
      }
      assert.fail(`not done after a keeper died after ${method}`);
    } finally {
      await survivor.stop();
    }
  }

  /** Three 9% drops (each within the breaker's bound) take a 150% position below 120%. */
  async function makeLiquidatable(): Promise<Address> {
    const deposit = 2;
    const mint = ((deposit * price) / (1.5 * 1.003)).toFixed(6);
    const owner = await f.openPosition({
      collateral: "WETH",
      synth: "sUSD",
      deposit: String(deposit),
      mint,
    });
    for (let i = 0; i < 3; i++) {
      price = Math.round(price * 0.91 * 100) / 100;
      await f.setPrice("ETH/USD", price);
    }
    return owner;
  }

  for (const step of steps) {
    it(`liquidates once when a keeper dies after ${step.what}`, async () => {
      const owner = await makeLiquidatable();
      const count = async () =>
        (
          await f.publicClient.getLogs({
            address: f.protocol.vault,
            event: liquidated,
            args: { owner },
            fromBlock: 0n,
          })
        ).length;
      const subject = `${owner}:${f.token("WETH")}:${f.token("sUSD")}`.toLowerCase();
      await killThenRecover(step.method, { liquidations: "every block" }, async () => {
        const [task] = await sql.query<{ state: string }>(
          "select state from keepers.job_tasks where subject = $1 and state = 'done'",
          [subject],
        );
        return task !== undefined;
      });
      assert.equal(await count(), 1, "liquidated exactly once");
      const sent = await sql.query<{ purpose: string; receipt_status: string }>(
        `select t.purpose, c.receipt_status from keepers.job_tasks t
         join keepers.chain_txs c on c.purpose = t.purpose where t.subject = $1`,
        [subject],
      );
      assert.equal(sent.length, 1, "one transaction for the position");
      assert.equal(sent[0]?.receipt_status, "success");
    }, 60_000);
  }

  for (const step of steps) {
    it(`distributes once when a keeper dies after ${step.what}`, async () => {
      // A mint's fee (sUSD) reaches the Treasury: something to distribute.
      await f.openPosition({ collateral: "WETH", synth: "sUSD", deposit: "5", mint: "1000" });
      const sUSD = f.token("sUSD");
      const pending = () =>
        f.publicClient.readContract({
          address: f.protocol.treasury,
          abi: treasuryAbi,
          functionName: "pendingFees",
          args: [sUSD],
        });
      assert.ok((await pending()) > 0n);
      const from = await f.publicClient.getBlockNumber();
      const [last] = await sql.query<{ id: string }>(
        "select coalesce(max(id), 0)::text as id from keepers.job_tasks",
      );
      await killThenRecover(
        step.method,
        { fees: "every 100ms" },
        async () => {
          const [task] = await sql.query<{ state: string }>(
            "select state from keepers.job_tasks where job = 'fees' and subject = $1 and id > $2",
            [sUSD.toLowerCase(), last?.id],
          );
          return task?.state === "done";
        },
        // Every pending fee is worth distributing here (the threshold has tests of its own).
        { KEEPER_FEES_MIN_USD: "0", KEEPER_FEES_GAS_MULTIPLE: "1" },
      );
      assert.equal(await pending(), 0n, "nothing left undistributed");
      const logs = await f.publicClient.getLogs({
        address: f.protocol.treasury,
        event: distributed,
        args: { token: sUSD },
        fromBlock: from,
      });
      assert.equal(logs.length, 1, "distributed exactly once");
    }, 60_000);
  }
});
