// The indexer on both local chains (31337 and 31338, real Hardhat nodes deployed and connected as
// `npm run dev` does): synths sent both ways and delivered by hand (no relay runs here): the relayer's
// commit and execute, a router failure executed again manually by a stranger, a message the gateway
// stores as failed and a stranger retries, one governance recovers, one left failed, one only
// committed, one only sent, and one sent and delivered while the indexers follow live. Each message's
// row must be what both chains' logs and views say, in PGlite and Postgres alike (the indexers
// backfill the two chains independently, so the destination's events are often indexed first), the
// routes must serve it, and the portfolio must add balances up across chains. Postgres runs are
// skipped only without a server and never under CI=true.
import assert from "node:assert/strict";
import { getAddress } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { LocalMessage } from "../src/lib/ccipPatches.ts";
import { type CcipDriver, ccipDriver, STRANGER_INDEX } from "./support/ccipScenario.ts";
import { assertCcipMatchesChains, ccipFeed, indexedMessages } from "./support/ccipTruth.ts";
import { dumpTables } from "./support/dump.ts";
import {
  freshStorage,
  type IndexerProcess,
  postgresAvailable,
  startIndexer,
} from "./support/indexerProcess.ts";
import { type ChainUnderTest, startTwoChains } from "./support/twoChains.ts";

const hasPostgres = await postgresAvailable();

type Body = Record<string, unknown>;

describe("indexer across two chains (CCIP)", { timeout: 900_000 }, () => {
  let a: ChainUnderTest;
  let b: ChainUnderTest;
  let stopChains: (() => Promise<void>) | undefined;
  let ccip: CcipDriver;
  const indexers: { name: string; ix: IndexerProcess; drop(): Promise<void> }[] = [];
  /** The scenario's messages by name (see beforeAll). */
  const sent: Record<string, LocalMessage> = {};

  async function caughtUp(): Promise<void> {
    const heads = await Promise.all([a, b].map((c) => c.publicClient.getBlockNumber()));
    await Promise.all(
      indexers.flatMap(({ ix }) => [
        ix.waitForBlock(heads[0]!, 60_000, a.chainId),
        ix.waitForBlock(heads[1]!, 60_000, b.chainId),
      ]),
    );
  }

  beforeAll(async () => {
    const started = Date.now();
    const stack = await startTwoChains();
    ({ a, b } = stack);
    stopChains = stack.stop;
    ccip = ccipDriver();
    console.log(`# two chains deployed, connected and seeded in ${Date.now() - started} ms`);

    // m1: A -> B, the relayer delivers it.
    sent.m1 = await ccip.send(a, b, "alice", "sUSD", "100", "alice");
    await ccip.commit(b, sent.m1);
    assert.equal(await ccip.execute(b, sent.m1), 2);
    // m2: B -> A to someone else, the fee paid in LINK.
    sent.m2 = await ccip.send(b, a, "dave", "sUSD", "40", "carol", "link");
    await ccip.commit(a, sent.m2);
    assert.equal(await ccip.execute(a, sent.m2), 2);
    // m3: B's gateway refuses A while governance has the lane off: the router records FAILURE; back
    // on, a stranger executes it manually.
    sent.m3 = await ccip.send(a, b, "alice", "sUSD", "10", "bob");
    await ccip.commit(b, sent.m3);
    await ccip.setLaneEnabled(b, a, false);
    assert.equal(await ccip.execute(b, sent.m3), 3, "the router records the failure");
    await ccip.setLaneEnabled(b, a, true);
    assert.equal(await ccip.manuallyExecute(b, sent.m3), 2);
    // m4: over B's (lowered) inbound limit: the gateway stores it as failed; a stranger retries it
    // once the limit is lifted.
    const inboundB = await ccip.inboundLimit(b, a, "sUSD");
    const tight = { isEnabled: true, capacity: 2n * 10n ** 18n, rate: 1n };
    await ccip.setInboundLimit(b, a, "sUSD", tight);
    sent.m4 = await ccip.send(a, b, "dave", "sUSD", "30", "dave");
    await ccip.commit(b, sent.m4);
    assert.equal(await ccip.execute(b, sent.m4), 2, "the router's run succeeds");
    assert.ok(await ccip.isStoredFailed(b, sent.m4.messageId), "the gateway stored it");
    await ccip.setInboundLimit(b, a, "sUSD", { isEnabled: false, capacity: 0n, rate: 0n });
    await ccip.retry(b, sent.m4.messageId);
    await ccip.setInboundLimit(b, a, "sUSD", inboundB);
    // m5, m6: over A's lowered inbound limit; governance recovers m5 to its sender, m6 stays failed.
    const inboundA = await ccip.inboundLimit(a, b, "sUSD");
    await ccip.setInboundLimit(a, b, "sUSD", tight);
    sent.m5 = await ccip.send(b, a, "dave", "sUSD", "20", "dave");
    sent.m6 = await ccip.send(b, a, "alice", "sUSD", "15", "alice");
    for (const m of [sent.m5, sent.m6]) {
      await ccip.commit(a, m);
      assert.equal(await ccip.execute(a, m), 2);
      assert.ok(await ccip.isStoredFailed(a, m.messageId));
    }
    await ccip.recover(a, sent.m5.messageId, ccip.address(a, "dave"));
    await ccip.setInboundLimit(a, b, "sUSD", inboundA);
    // m7 only committed, m8 only sent.
    sent.m7 = await ccip.send(a, b, "alice", "sUSD", "5", "bob");
    await ccip.commit(b, sent.m7);
    sent.m8 = await ccip.send(b, a, "dave", "sUSD", "3", "bob");
    console.log(`# cross-chain scenario done in ${Date.now() - started} ms`);

    const chains = [a, b].map((c) => ({ chainId: c.chainId, rpcUrl: c.chain.url }));
    const lite = await freshStorage("pglite");
    indexers.push({
      name: "pglite",
      ix: await startIndexer({ chains, storage: lite.storage }),
      drop: lite.drop,
    });
    if (hasPostgres) {
      const pg = await freshStorage("postgres");
      indexers.push({
        name: "postgres",
        ix: await startIndexer({ chains, storage: pg.storage }),
        drop: pg.drop,
      });
    }
    await Promise.all(indexers.map(({ ix }) => ix.waitReady(300_000)));
    await caughtUp();
    console.log(`# indexers caught up in ${Date.now() - started} ms`);

    // m9: sent and delivered while the indexers follow both chains live.
    sent.m9 = await ccip.send(b, a, "alice", "sUSD", "1", "alice");
    await ccip.commit(a, sent.m9);
    assert.equal(await ccip.execute(a, sent.m9), 2);
    await caughtUp();
  });

  afterAll(async () => {
    for (const { ix, drop } of indexers) {
      await ix.stop();
      await drop();
    }
    await stopChains?.();
  });

  const pglite = () => indexers[0]!.ix;

  it("indexes every message, execution, lane, rate limit, balance and feed row as both chains report them (PGlite)", async () => {
    await assertCcipMatchesChains(pglite(), [a, b]);
  });

  it("indexes every message, execution, lane, rate limit, balance and feed row as both chains report them (Postgres)", {
    skip: !hasPostgres,
  }, async () => {
    await assertCcipMatchesChains(indexers[1]!.ix, [a, b]);
  });

  it("holds identical tables on PGlite and Postgres", { skip: !hasPostgres }, async () => {
    assert.deepEqual(await dumpTables(pglite()), await dumpTables(indexers[1]!.ix));
  });

  it("ends every message in the state its story calls for", async () => {
    const rows = new Map(
      (await indexedMessages(pglite())).map((r) => [r.messageId as string, r] as const),
    );
    const row = (name: string) => rows.get(sent[name]!.messageId)!;
    const states = Object.fromEntries(Object.keys(sent).map((n) => [n, row(n).state]));
    assert.deepEqual(states, {
      m1: "executed",
      m2: "executed",
      m3: "executed",
      m4: "executed",
      m5: "executed",
      m6: "failed",
      m7: "committed",
      m8: "sent",
      m9: "executed",
    });
    const stranger = ccip.address(b, STRANGER_INDEX).toLowerCase();
    assert.deepEqual(
      [row("m3").attempts, row("m3").failed, row("m3").manuallyExecuted, row("m3").lastExecutor],
      [2, true, true, stranger],
    );
    assert.deepEqual(
      [row("m4").storedFailed, row("m4").retried, row("m4").retriedBy],
      [true, true, stranger],
    );
    assert.deepEqual(
      [row("m5").storedFailed, row("m5").recovered, row("m5").recoveredTo],
      [true, true, ccip.address(a, "dave").toLowerCase()],
    );
    assert.equal(row("m2").feeToken, a.record.ccip!.feeToken.address.toLowerCase());
    assert.equal(row("m7").committed, true);
    assert.equal(row("m8").committed, false);
  });

  it("serves a message with the exact LocalMessage and its executions, and lists an account's", async () => {
    const ix = pglite();
    const m3 = sent.m3!;
    const one = await ix.get(`/ccip/messages/${m3.messageId.toUpperCase().replace("0X", "0x")}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    const body = one.body as Body & {
      message: Record<string, string>;
      executions: Body[];
      source: Body;
      destination: Body;
    };
    assert.deepEqual(body.message, {
      messageId: m3.messageId,
      sourceChainSelector: m3.sourceChainSelector.toString(),
      destChainSelector: m3.destChainSelector.toString(),
      sequenceNumber: m3.sequenceNumber.toString(),
      sender: m3.sender.toLowerCase(),
      receiver: m3.receiver.toLowerCase(),
      data: m3.data,
      gasLimit: m3.gasLimit.toString(),
      feeToken: m3.feeToken.toLowerCase(),
      feeTokenAmount: m3.feeTokenAmount.toString(),
    });
    assert.equal(body.state, "executed");
    assert.equal(body.kind, "transfer");
    assert.equal(body.amount, (10n * 10n ** 18n).toString());
    assert.deepEqual(
      body.executions.map((e) => [e.chainId, e.state, e.manual]),
      [
        [b.chainId, "failure", false],
        [b.chainId, "success", true],
      ],
    );
    assert.equal(
      (body.destination as { synth: string }).synth,
      b.record.synths.sUSD!.address.toLowerCase(),
    );
    // A message not delivered yet: its destination synth comes from the synth registry.
    const m8 = (await ix.get(`/ccip/messages/${sent.m8!.messageId}`)).body as {
      destination: { synth: string; chainId: number };
      events: Record<string, unknown>;
    };
    assert.equal(m8.destination.chainId, a.chainId);
    assert.equal(m8.destination.synth, a.record.synths.sUSD!.address.toLowerCase());
    assert.equal(m8.events.committed, null);

    const alice = ccip.address(a, "alice");
    const list = (await ix.get(`/ccip/messages?account=${alice}`)).body as {
      messages: { messageId: string; from: string; to: string }[];
    };
    const mine = Object.entries(sent)
      .filter(([, m]) => [payloadFrom(m), payloadTo(m)].includes(alice.toLowerCase()))
      .map(([, m]) => m.messageId)
      .sort();
    assert.deepEqual(list.messages.map((m) => m.messageId).sort(), mine);
    for (const m of list.messages) {
      assert.ok(m.from === alice.toLowerCase() || m.to === alice.toLowerCase());
    }
    const failed = (await ix.get(`/ccip/messages?state=failed`)).body as {
      messages: { messageId: string }[];
    };
    assert.deepEqual(
      failed.messages.map((m) => m.messageId),
      [sent.m6!.messageId],
    );
    const limited = (await ix.get(`/ccip/messages?limit=2`)).body as {
      messages: { messageId: string; firstSeenTimestamp: string }[];
    };
    assert.equal(limited.messages.length, 2);
    assert.ok(
      BigInt(limited.messages[0]!.firstSeenTimestamp) >=
        BigInt(limited.messages[1]!.firstSeenTimestamp),
      "newest first",
    );
  });

  /** The parties of a transfer, from its payload: abi.encode(kind, (assetId, from, to, amount)). */
  function payloadFrom(m: LocalMessage): string {
    return `0x${m.data.slice(2 + 64 * 2 + 24, 2 + 64 * 3)}`;
  }
  function payloadTo(m: LocalMessage): string {
    return `0x${m.data.slice(2 + 64 * 3 + 24, 2 + 64 * 4)}`;
  }

  it("answers bad input on the CCIP routes with a stable code", async () => {
    const ix = pglite();
    const cases: [string, number, string][] = [
      ["/ccip/messages/0x1234", 400, "ccip.invalid_message_id"],
      [`/ccip/messages/0x${"zz".repeat(32)}`, 400, "ccip.invalid_message_id"],
      [`/ccip/messages/0x${"ab".repeat(32)}`, 404, "ccip.unknown_message"],
      ["/ccip/messages?account=0x12", 400, "request.invalid_address"],
      ["/ccip/messages?state=pending", 400, "ccip.invalid_state"],
      ["/ccip/messages?limit=0", 400, "ccip.invalid_limit"],
      ["/ccip/messages?limit=501", 400, "ccip.invalid_limit"],
      [`/ccip/messages?state=${"x".repeat(5_000)}`, 400, "ccip.invalid_state"],
    ];
    for (const [path, status, code] of cases) {
      const response = await ix.get(path);
      assert.equal(
        response.status,
        status,
        `${path.slice(0, 80)}: ${JSON.stringify(response.body).slice(0, 300)}`,
      );
      const error = (response.body as { error?: { code: string; message: string } }).error;
      assert.equal(error?.code, code, path.slice(0, 80));
      assert.ok(error!.message.length < 320, "quotes at most 200 characters of its input");
    }
  });

  it("reports balances per chain and each synth's total across chains, with transfers in transit", async () => {
    const ix = pglite();
    for (const who of ["alice", "bob", "dave"] as const) {
      const address = ccip.address(a, who);
      const portfolio = (await ix.get(`/portfolio/${address}`)).body as {
        chains: {
          chainId: number;
          balances: { token: string; assetId: string; amount: string }[];
        }[];
        assets: {
          asset: string;
          kind: string;
          amount: string;
          inTransit: string;
          chains: { chainId: number; token: string; amount: string }[];
        }[];
        inTransit: { messageId: string; state: string; direction: string; amount: string }[];
        totals: { walletUsd: string; netUsd: string };
      };
      assert.deepEqual(
        portfolio.chains.map((c) => c.chainId),
        [a.chainId, b.chainId],
        `${who} holds something on both chains`,
      );
      const onChain = async (c: ChainUnderTest) =>
        c.publicClient.readContract({
          address: c.record.synths.sUSD!.address,
          abi: [
            {
              type: "function",
              name: "balanceOf",
              stateMutability: "view",
              inputs: [{ type: "address" }],
              outputs: [{ type: "uint256" }],
            },
          ] as const,
          functionName: "balanceOf",
          args: [address],
        });
      const [onA, onB] = [await onChain(a), await onChain(b)];
      const sUSD = portfolio.assets.find((x) => x.asset === "sUSD" && x.kind === "synth")!;
      assert.deepEqual(
        sUSD.chains.map((c) => [c.chainId, BigInt(c.amount)]),
        [
          [a.chainId, onA],
          [b.chainId, onB],
        ].filter(([, amount]) => (amount as bigint) > 0n),
        `${who}'s sUSD on each chain`,
      );
      assert.equal(BigInt(sUSD.amount), onA + onB, `${who}'s sUSD across chains`);
      for (const c of portfolio.chains) {
        const row = c.balances.find((x) => x.assetId === "sUSD");
        assert.equal(BigInt(row?.amount ?? "0"), c.chainId === a.chainId ? onA : onB);
      }
      // What is on its way: burnt on one chain, not minted on the other.
      const pending = Object.values(sent).filter(
        (m) =>
          [sent.m6, sent.m7, sent.m8].includes(m) &&
          [payloadFrom(m), payloadTo(m)].includes(address.toLowerCase()),
      );
      assert.deepEqual(
        portfolio.inTransit.map((t) => t.messageId).sort(),
        pending.map((m) => m.messageId).sort(),
        `${who}'s transfers in transit`,
      );
      const incoming = pending
        .filter((m) => payloadTo(m) === address.toLowerCase())
        .reduce((sum, m) => sum + BigInt(`0x${m.data.slice(2 + 64 * 4, 2 + 64 * 5)}`), 0n);
      assert.equal(BigInt(sUSD.inTransit), incoming, `${who}'s sUSD in transit to it`);
      const walletSum = portfolio.chains.reduce(
        (sum, c) =>
          sum + BigInt((c as unknown as { totals: { walletUsd: string } }).totals.walletUsd),
        0n,
      );
      assert.equal(BigInt(portfolio.totals.walletUsd), walletSum, "totals add the chains up");
    }
    // One chain only: the other chain's balances and transfers that do not touch it are left out.
    const bob = ccip.address(a, "bob");
    const onlyB = (await ix.get(`/portfolio/${bob}?chainId=${b.chainId}`)).body as {
      chains: { chainId: number }[];
      inTransit: { messageId: string }[];
    };
    assert.deepEqual(
      onlyB.chains.map((c) => c.chainId),
      [b.chainId],
    );
    assert.deepEqual(
      onlyB.inTransit.map((t) => t.messageId).sort(),
      [sent.m7!.messageId, sent.m8!.messageId].sort(),
    );
  });

  it("puts every state change on the feed once, for the account it concerns", async () => {
    const ix = pglite();
    const feedB = await ccipFeed(ix, b.chainId);
    const m3 = feedB.filter((r) => (r.payload as Body).messageId === sent.m3!.messageId);
    assert.deepEqual(
      m3.map((r) => [(r.payload as Body).kind, r.account]),
      [
        ["committed", null],
        ["failed", null],
        ["received", getAddress(ccip.address(b, "bob"))],
        ["executed", null],
      ],
    );
    const feedA = await ccipFeed(ix, a.chainId);
    const kinds = new Set([...feedA, ...feedB].map((r) => (r.payload as Body).kind));
    assert.deepEqual([...kinds].sort(), [
      "committed",
      "executed",
      "failed",
      "received",
      "recovered",
      "retried",
      "sent",
      "stored_failed",
    ]);
  });

  it("follows a reorg of one chain without losing what the other chain indexed after it", async () => {
    const request = (c: ChainUnderTest, method: string, params: unknown[] = []) =>
      c.publicClient.request({ method: method as never, params: params as never });
    const snapshot = (await request(b, "evm_snapshot")) as string;
    // On B, a commit indexed; then, on A, a send indexed after it; then B's branch is abandoned.
    sent.m10 = await ccip.send(a, b, "alice", "sUSD", "2", "alice");
    await caughtUp();
    await ccip.commit(b, sent.m10);
    await caughtUp();
    sent.m11 = await ccip.send(a, b, "dave", "sUSD", "4", "dave");
    await caughtUp();
    const abandoned = await b.publicClient.getBlockNumber();
    assert.equal(await request(b, "evm_revert", [snapshot]), true);
    while ((await b.publicClient.getBlockNumber()) <= abandoned + 1n) await request(b, "evm_mine");
    await caughtUp();
    for (const { name, ix } of indexers) {
      const rows = new Map(
        (await indexedMessages(ix)).map((r) => [r.messageId as string, r] as const),
      );
      assert.equal(rows.get(sent.m10!.messageId)?.state, "sent", `${name}: the commit is gone`);
      assert.equal(rows.get(sent.m11!.messageId)?.state, "sent", `${name}: A's later send stays`);
      await assertCcipMatchesChains(ix, [a, b]);
    }
  });
});
