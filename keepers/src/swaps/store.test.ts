import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import { openSql } from "../db/sql.ts";
import { KeeperError } from "../errors.ts";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import { LeaseLostError, type NewSwap, SwapStore } from "./store.ts";

const hash = () => randomBytes(32).toString("hex");
const mint = (paymentHash = hash()): NewSwap => ({
  paymentHash,
  direction: "mint",
  state: "created",
  chainId: 31337,
  account: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  synth: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
  sats: 25_000n,
  amount: 15_000_000_000_000_000_000n,
  fee: 15_000_000_000_000_000n,
  quotedAt: 1_800_000_000n,
});

describeBackends("SwapStore", (backend) => {
  let db: Awaited<ReturnType<typeof openTestSql>>;
  let store: SwapStore;
  beforeAll(async () => {
    db = await openTestSql(backend);
    store = new SwapStore(db.sql);
  });
  afterAll(() => db?.close());

  it("keeps exact amounts and refuses a payment hash seen before", async () => {
    const swap = await store.create(mint(), "k1");
    assert.equal(swap.amount, 15_000_000_000_000_000_000n);
    assert.equal(swap.account, "0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    await assert.rejects(
      store.create({ ...mint(swap.paymentHash), direction: "burn", state: "awaiting_lock" }, "k2"),
      (error: unknown) =>
        error instanceof KeeperError && error.code === "lightning.payment_hash_used",
    );
    assert.deepEqual(
      (await store.history(swap.paymentHash)).map((e) => [e.from_state, e.to_state]),
      [[null, "created"]],
    );
  });

  it("moves a swap only under its lease and current version", async () => {
    const created = await store.create(mint(), "k1");
    const [leased] = (await store.lease("k1", 100, 30_000)).filter(
      (s) => s.paymentHash === created.paymentHash,
    );
    assert.ok(leased, "a due swap is leased");
    assert.equal(
      (await store.lease("k2", 100, 30_000)).some((s) => s.paymentHash === created.paymentHash),
      false,
    );
    await assert.rejects(
      store.transition(leased, "k2", { to: "invoice_open" }),
      (error: unknown) => error instanceof LeaseLostError,
    );
    const moved = await store.transition(leased, "k1", {
      to: "invoice_open",
      patch: { invoice: "lnbcrt1...", invoiceExpiresAt: 1_800_000_600n },
      runAt: new Date(Date.now() + 60_000),
    });
    assert.equal(moved.state, "invoice_open");
    assert.equal(moved.invoiceExpiresAt, 1_800_000_600n);
    await assert.rejects(
      store.transition(leased, "k1", { to: "invoice_accepted" }),
      LeaseLostError,
    );
    assert.equal(
      (await store.lease("k1", 100, 30_000)).some((s) => s.paymentHash === created.paymentHash),
      false,
      "not due before runAt",
    );
    await store.wake(created.paymentHash);
    const [again] = (await store.lease("k2", 100, 30_000)).filter(
      (s) => s.paymentHash === created.paymentHash,
    );
    assert.equal(again?.state, "invoice_open", "woken swaps are due at once");
    await store.release(again!, "k2", new Date(), {
      code: "lightning.unreachable",
      message: "node down",
    });
    const released = await store.get(created.paymentHash);
    assert.equal(released?.attempts, 1);
    assert.deepEqual(released?.lastError, {
      code: "lightning.unreachable",
      message: "node down",
    });
    assert.equal(released?.failureCode, null, "a retried step is not the swap failing");
  });

  it("never leases final swaps", async () => {
    const created = await store.create(mint(), "k1");
    const [leased] = (await store.lease("k1", 100, 30_000)).filter(
      (s) => s.paymentHash === created.paymentHash,
    );
    await store.transition(leased!, "k1", {
      to: "rejected",
      patch: { failureCode: "compliance.denied" },
    });
    assert.equal(
      (await store.lease("k1", 100, 0)).some((s) => s.paymentHash === created.paymentHash),
      false,
    );
  });

  it("pages an account's swaps newest first", async () => {
    const account = `0x${randomBytes(20).toString("hex")}`;
    for (let i = 0; i < 5; i++) await store.create({ ...mint(), account }, "k1");
    const first = await store.listByAccount(account, { limit: 3 });
    const last = first.at(-1)!;
    const rest = await store.listByAccount(account, {
      limit: 3,
      before: { createdAt: last.createdAt, paymentHash: last.paymentHash },
    });
    assert.equal(first.length + rest.length, 5);
    assert.equal(new Set([...first, ...rest].map((s) => s.paymentHash)).size, 5);
  });

  it("leaves a swap to the keeper that created it until it has been due for the takeover grace", async () => {
    const t0 = Date.now() + 3_600_000; // later than every other test's swaps, so polls see only ours
    let now = t0;
    const clocked = new SwapStore(db.sql, () => new Date(now));
    const homeOf = (await clocked.create(mint(), "k1")).paymentHash;
    const handed = (await clocked.create(mint(), "k1")).paymentHash;
    assert.equal((await clocked.get(homeOf))?.homeKeeper, "k1");
    const leases = async (keeper: string, only?: string, takeoverMs?: number) =>
      (await clocked.lease(keeper, 100, 30_000, only, takeoverMs))
        .map((s) => s.paymentHash)
        .filter((h) => h === homeOf || h === handed);

    now = t0 + 1_000; // due for 1 s: k2's polls and events leave it to k1
    assert.deepEqual(await leases("k2", undefined, 2_000), []);
    assert.deepEqual(await leases("k2", homeOf, 2_000), []);
    // Handed to k2 directly (no grace): k2 takes it.
    assert.deepEqual(await leases("k2", handed), [handed]);
    // Its creator takes it at once, and gives it back due.
    const [own] = await clocked.lease("k1", 1, 30_000, homeOf, 2_000);
    assert.equal(own?.paymentHash, homeOf);
    await clocked.release(own!, "k1", new Date(now));

    now = t0 + 2_500; // due for 1.5 s since the release: still k1's
    assert.deepEqual(await leases("k2", undefined, 2_000), []);
    now = t0 + 3_100; // due for 2.1 s: k1 did not take it (dead or saturated), k2 takes over
    assert.deepEqual(await leases("k2", undefined, 2_000), [homeOf]);
  });

  // Scale-out needs a second connection, so it exists on Postgres only (PGlite is one process).
  if (backend === "postgres")
    it("splits due swaps between two keepers on separate connections, each exactly once", async () => {
      const second = await openSql({ databaseUrl: db.url!, dataDir: "memory://" });
      try {
        const other = new SwapStore(second);
        const hashes = new Set<string>();
        for (let i = 0; i < 50; i++) hashes.add((await store.create(mint(), "api")).paymentHash);
        const seen = new Map<string, string>();
        await Promise.all(
          [
            ["k1", store],
            ["k2", other],
          ].map(async ([name, s]) => {
            for (let round = 0; round < 20; round++) {
              for (const swap of await (s as SwapStore).lease(name as string, 5, 60_000)) {
                if (!hashes.has(swap.paymentHash)) continue;
                assert.equal(seen.has(swap.paymentHash), false, `${swap.paymentHash} leased twice`);
                seen.set(swap.paymentHash, name as string);
                await (s as SwapStore).transition(swap, name as string, { to: "rejected" });
              }
            }
          }),
        );
        assert.equal(seen.size, 50, "every swap handled");
        const byKeeper = [...seen.values()];
        assert.ok(byKeeper.includes("k1") && byKeeper.includes("k2"), "both keepers took work");
      } finally {
        await second.close();
      }
    });
});
