// PAYMENT_RECEIVED → compliance → FiatMinter mint → MINT_CONFIRMED, against the real protocol on an
// in-process Hardhat chain: one mint per payment whatever happens (a replay, a reactor that dies after
// sending, two reactors), failures retried on Svix's schedule into the dead letters, and replayed.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fiatMinterAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { Webhook } from "standardwebhooks";
import { type Address, custom, type Hex, parseEther, toHex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, test } from "vitest";
import { type Deployed, deployLocal } from "../../../../deploy/src/testing/deployed.ts";
import { type App, type AppHooks, buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { type DatabaseHandle, openDatabase } from "../../db/client.ts";
import { createManualClock } from "../../lib/clock.ts";
import { signIn } from "../../testing/signIn.ts";
import { normaliseSource } from "../sources.ts";
import { newSecret } from "../standardWebhooks.ts";
import { paymentIdOf } from "./fiatMint.ts";

const mnemonic = "test test test test test test test test test test test junk";
const minterKey = toHex(mnemonicToAccount(mnemonic, { addressIndex: 10 }).getHdKey().privateKey!);
const admin = privateKeyToAccount(`0x${"22".repeat(32)}`);
const secret = newSecret();

let deployed: Deployed;
let database: DatabaseHandle;
let recordFile: string;
const clock = createManualClock(new Date());
const apps: App[] = [];

async function startApp(options: { hooks?: AppHooks; reactions?: boolean } = {}): Promise<App> {
  const app = await buildApp({
    config: loadConfig({
      API_LOG_LEVEL: "silent",
      API_DATA_DIR: "memory://",
      API_ADMINS: admin.address,
      API_FIAT_MINTER_PRIVATE_KEY: minterKey,
      API_DEPLOYMENT_FILE: recordFile,
      API_REACTION_LEASE_MS: "2000",
      API_REACTIONS: String(options.reactions ?? true),
    }),
    clock,
    database,
    logger: false,
    chainTransport: custom(deployed.connection.provider),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  await app.ready();
  apps.push(app);
  return app;
}

const sUsd = () => deployed.record.synths.sUSD!.address as Address;
const balanceOf = (account: Address) =>
  deployed.publicClient.readContract({
    address: sUsd(),
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account],
  });
const mintsOf = async (paymentId: Hex) =>
  (
    await deployed.publicClient.getContractEvents({
      address: deployed.record.contracts.FiatMinter!.address,
      abi: fiatMinterAbi,
      eventName: "FiatMinted",
      args: { paymentId },
      fromBlock: 0n,
    })
  ).length;

let references = 0;
/** Posts a signed PAYMENT_RECEIVED the way a provider does; returns the logged event's id. */
async function pay(app: App, account: Address, amount: string, currency = "USD") {
  const reference = `pay-${++references}-${Date.now()}`;
  const body = JSON.stringify({
    type: "PAYMENT_RECEIVED",
    timestamp: clock.now().toISOString(),
    data: { account, amount, currency, reference },
  });
  const id = `msg_${crypto.randomUUID()}`;
  const response = await app.inject({
    method: "POST",
    url: "/v1/webhooks/acmepay",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": Math.floor(clock.now().getTime() / 1000).toString(),
      "webhook-signature": new Webhook(secret).sign(id, clock.now(), body),
    },
    payload: body,
  });
  assert.equal(response.statusCode, 200, response.body);
  return { eventId: response.json().id as string, paymentId: paymentIdOf("acmepay", reference) };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const followUps = async (app: App, eventId: string) =>
  (await app.eventLog.read({ after: 0n, limit: 10_000 })).filter((e) =>
    e.id.startsWith(`${eventId}:`),
  );

const reactionOf = async (app: App, eventId: string) =>
  (await app.reactions.list({ limit: 1000 })).find((r) => r.eventId === eventId);

beforeAll(async () => {
  deployed = await deployLocal();
  recordFile = join(mkdtempSync(join(tmpdir(), "fluxion-fiat-")), "record.json");
  writeFileSync(recordFile, JSON.stringify(deployed.record));
  database = await openDatabase({ dataDir: "memory://" });
  const app = await startApp();
  await app.webhookSources.create(
    normaliseSource(
      { name: "acmepay", secrets: [secret], eventTypes: ["PAYMENT_RECEIVED"], rateLimit: 1000 },
      "admin",
    ),
  );
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await database.close();
});

describe("a paid mint", () => {
  test("PAYMENT_RECEIVED → MINT_REQUESTED → MINT_CONFIRMED, the synth minted once to the payer", async () => {
    const app = apps[0]!;
    const payer = privateKeyToAccount(`0x${"31".repeat(32)}`).address;
    const before = await balanceOf(payer);
    const { eventId, paymentId } = await pay(app, payer, "125.50");
    const confirmed = await until("MINT_CONFIRMED", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_CONFIRMED"),
    );
    assert.deepEqual(
      (await followUps(app, eventId)).map((e) => e.type),
      ["MINT_REQUESTED", "MINT_CONFIRMED"],
    );
    assert.equal(confirmed.account, payer);
    assert.equal(confirmed.payload.paymentId, paymentId);
    assert.equal(confirmed.payload.synth, "sUSD");
    assert.equal((await balanceOf(payer)) - before, parseEther("125.5"));
    assert.equal(await mintsOf(paymentId), 1);
    assert.equal((await reactionOf(app, eventId))?.status, "done");

    // An admin replays it: the reactor runs again, finds the mint, mints nothing.
    const adminHeaders = (await signIn(app, admin)).headers;
    const replay = await app.inject({
      method: "POST",
      url: "/v1/admin/events/replay",
      headers: adminHeaders,
      payload: { eventId },
    });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json().replayed, 1);
    await until("the replay done", async () => (await reactionOf(app, eventId))?.status === "done");
    await app.reactions.poke();
    await until("the replay done", async () => (await reactionOf(app, eventId))?.status === "done");
    assert.equal(await mintsOf(paymentId), 1, "one mint, ever");
    assert.equal((await balanceOf(payer)) - before, parseEther("125.5"));
    assert.equal(
      (await followUps(app, eventId)).filter((e) => e.type === "MINT_CONFIRMED").length,
      1,
    );
  });

  test("a reactor that dies after sending the mint, before recording it: another confirms it, one mint", async () => {
    let release!: () => void;
    let sent: Hex | undefined;
    const dying = await startApp({
      hooks: {
        afterMintSent: (hash) => {
          sent = hash;
          // The process is gone: nothing after this point runs until the test says so.
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      },
    });
    // The survivor's reactions start once the dying one holds the payment.
    const survivor = await startApp({ reactions: false });
    await apps[0]!.reactions.stop();
    const payer = privateKeyToAccount(`0x${"32".repeat(32)}`).address;
    const { eventId, paymentId } = await pay(dying, payer, "40.00");
    await until("the mint sent", async () => sent !== undefined);
    assert.equal((await reactionOf(survivor, eventId))?.status, "running");

    survivor.reactions.start();
    clock.advance(2_500); // past the lease
    await survivor.reactions.poke();
    await until("confirmed by the survivor", async () =>
      (await followUps(survivor, eventId)).find((e) => e.type === "MINT_CONFIRMED"),
    );
    assert.equal((await reactionOf(survivor, eventId))?.status, "done");
    const confirmed = (await followUps(survivor, eventId)).find(
      (e) => e.type === "MINT_CONFIRMED",
    )!;
    assert.equal(confirmed.payload.txHash, sent, "the dead reactor's transaction");

    // The "dead" one wakes: its lease is gone, it records nothing and sends nothing.
    release();
    await dying.reactions.stop();
    assert.equal(await mintsOf(paymentId), 1);
    assert.equal(await balanceOf(payer), parseEther("40"));
    assert.equal((await reactionOf(survivor, eventId))?.status, "done");
    assert.equal(
      (await followUps(survivor, eventId)).filter((e) => e.type === "MINT_CONFIRMED").length,
      1,
    );
    apps[0]!.reactions.start();
  });

  test("compliance denies: MINT_FAILED compliance.denied, nothing minted", async () => {
    const app = apps[0]!;
    const payer = privateKeyToAccount(`0x${"33".repeat(32)}`).address;
    const adminHeaders = (await signIn(app, admin)).headers;
    const listed = await app.inject({
      method: "POST",
      url: "/v1/admin/denylist",
      headers: adminHeaders,
      payload: { address: payer, reason: "test: fraud report" },
    });
    assert.equal(listed.statusCode, 201, listed.body);
    const { eventId, paymentId } = await pay(app, payer, "10.00");
    const failed = await until("MINT_FAILED", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_FAILED"),
    );
    assert.equal(failed.payload.reason, "compliance.denied");
    assert.equal(await mintsOf(paymentId), 0);
    assert.equal(await balanceOf(payer), 0n);
  });

  test("a currency no synth is minted for: MINT_FAILED fiat.currency_unsupported", async () => {
    const app = apps[0]!;
    const payer = privateKeyToAccount(`0x${"34".repeat(32)}`).address;
    const { eventId } = await pay(app, payer, "10.00", "EUR");
    const failed = await until("MINT_FAILED", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_FAILED"),
    );
    assert.equal(failed.payload.reason, "fiat.currency_unsupported");
  });

  test("over the per-payment cap: MINT_FAILED fiat.payment_cap_exceeded, no retry", async () => {
    const app = apps[0]!;
    const payer = privateKeyToAccount(`0x${"35".repeat(32)}`).address;
    // KYC tier 3 so compliance allows it; the FiatMinter's per-payment cap (100,000 sUSD) refuses it.
    const adminHeaders = (await signIn(app, admin)).headers;
    const kyc = await app.inject({
      method: "PUT",
      url: `/v1/admin/accounts/${payer}/kyc`,
      headers: adminHeaders,
      payload: { tier: 3, reason: "test" },
    });
    assert.equal(kyc.statusCode, 200, kyc.body);
    const { eventId, paymentId } = await pay(app, payer, "150000.00");
    const failed = await until("MINT_FAILED", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_FAILED"),
    );
    assert.equal(failed.payload.reason, "fiat.payment_cap_exceeded");
    assert.equal((await reactionOf(app, eventId))?.attempts, 0);
    assert.equal(await mintsOf(paymentId), 0);
  });

  test("a paused minter: retried on Svix's schedule, then a dead letter; replayed once unpaused, one mint", async () => {
    const app = apps[0]!;
    const rpc = (method: string, params: unknown[]) =>
      deployed.connection.provider.request({ method, params }) as Promise<unknown>;
    const minter = deployed.record.contracts.FiatMinter!.address;
    const guardian = deployed.wallets[1]!;
    await deployed.publicClient.waitForTransactionReceipt({
      hash: await guardian.writeContract({
        address: minter,
        abi: fiatMinterAbi,
        functionName: "pause",
      }),
    });
    const payer = privateKeyToAccount(`0x${"36".repeat(32)}`).address;
    const { eventId, paymentId } = await pay(app, payer, "20.00");
    const waits = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
    for (let failure = 1; failure <= 8; failure++) {
      const reaction = await until(`failure ${failure}`, async () => {
        const r = await reactionOf(app, eventId);
        return r && r.attempts === failure && r.status !== "running" ? r : undefined;
      });
      if (failure <= 7) {
        assert.equal(reaction.status, "pending");
        assert.equal(
          new Date(reaction.nextAt).getTime() - clock.now().getTime(),
          waits[failure - 1],
        );
        assert.match(reaction.lastError ?? "", /EnforcedPause|paused/i);
        clock.advance(waits[failure - 1]!);
        await app.reactions.poke();
      } else {
        assert.equal(reaction.status, "dead");
      }
    }
    const failed = await until("MINT_FAILED", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_FAILED"),
    );
    assert.equal(failed.payload.reason, "fiat.retries_exhausted");
    const adminHeaders = (await signIn(app, admin)).headers;
    const dead = await app.inject({
      method: "GET",
      url: "/v1/admin/events/reactions?status=dead",
      headers: adminHeaders,
    });
    assert.ok(dead.json().reactions.some((r: { eventId: string }) => r.eventId === eventId));
    const metrics = await app.inject({
      method: "GET",
      url: "/metrics",
      remoteAddress: "127.0.0.1",
    });
    assert.match(metrics.body, /fluxion_reactions_dead [1-9]/);

    // Governance unpauses (the Timelock is the minter's admin), an admin replays the dead letter.
    const timelock = deployed.record.contracts.FluxionTimelock!.address;
    await rpc("hardhat_impersonateAccount", [timelock]);
    await rpc("hardhat_setBalance", [timelock, "0x56BC75E2D63100000"]);
    await rpc("eth_sendTransaction", [
      { from: timelock, to: minter, data: "0x3f4ba83a" /* unpause() */ },
    ]);
    await rpc("hardhat_stopImpersonatingAccount", [timelock]);
    const replay = await app.inject({
      method: "POST",
      url: "/v1/admin/events/replay",
      headers: adminHeaders,
      payload: { eventId },
    });
    assert.equal(replay.json().replayed, 1);
    await until("confirmed after the replay", async () =>
      (await followUps(app, eventId)).find((e) => e.type === "MINT_CONFIRMED"),
    );
    assert.equal(await mintsOf(paymentId), 1);
    assert.equal(await balanceOf(payer), parseEther("20"));
  }, 120_000);
});
