// The event bus across processes: two real API processes on one Postgres and one real `hardhat node`
// with the protocol deployed, both running the paid-mint reactor with the same minter key. Signed
// PAYMENT_RECEIVED webhooks go to either process (some twice, to both); one process is killed with
// SIGKILL while mints are in flight. Every payment mints exactly once, every event is logged once,
// and a stream client on the surviving process gets its MINT_CONFIRMED events once each, in order.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fiatMinterAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { Webhook } from "standardwebhooks";
import { type Address, keccak256, parseEther, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, it } from "vitest";
import WebSocket from "ws";
import { newSecret } from "../api/src/events/standardWebhooks.ts";
import {
  deployProtocol,
  type LocalChain,
  type Protocol,
  repoRoot,
  startLocalChain,
} from "../indexer/test/support/localChain.ts";
import { createTestDatabase, onPostgres } from "../scripts/lib/testPostgres.ts";

const minterKey = "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897"; // dev #10
const serviceKey = "e".repeat(40);
const secret = newSecret();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Api = { child: ChildProcess; url: string; log: string[] };

describe(...onPostgres("the event bus across processes"), () => {
  let chain: LocalChain;
  let protocol: Protocol;
  let database: { url: string; drop(): Promise<void> };
  let dir: string;
  const apis: Api[] = [];

  async function startApi(): Promise<Api> {
    const port = await freePort();
    const child = spawn(process.execPath, ["api/src/server.ts"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        API_HOST: "127.0.0.1",
        API_PORT: String(port),
        API_LOG_LEVEL: "warn",
        DATABASE_URL: database.url,
        API_RPC_URL: chain.url,
        API_FIAT_MINTER_PRIVATE_KEY: minterKey,
        API_DEPLOYMENT_FILE: join(dir, "deployment.json"),
        API_WEBHOOK_SOURCES_FILE: join(dir, "sources.json"),
        API_SERVICE_KEYS: `tests=${serviceKey}`,
        API_REACTION_LEASE_MS: "3000",
      },
    });
    const api: Api = { child, url: `http://127.0.0.1:${port}`, log: [] };
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on("data", (chunk: Buffer) =>
        api.log.push(...String(chunk).split("\n").filter(Boolean)),
      );
    }
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${api.url}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`api exited: ${api.log.slice(-20).join("\n")}`);
      if (Date.now() > deadline) throw new Error("api not ready after 60 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    apis.push(api);
    return api;
  }

  beforeAll(async () => {
    chain = await startLocalChain();
    protocol = await deployProtocol(chain.url, { seed: false });
    database = await createTestDatabase("fluxion_events_test");
    dir = mkdtempSync(join(tmpdir(), "fluxion-events-"));
    writeFileSync(join(dir, "deployment.json"), JSON.stringify(protocol.record));
    writeFileSync(
      join(dir, "sources.json"),
      JSON.stringify({
        sources: [
          { name: "acmepay", secrets: [secret], eventTypes: ["PAYMENT_RECEIVED"], rateLimit: 1000 },
        ],
      }),
    );
    // One after the other: both migrate the same database (the second finds it done).
    await startApi();
    await startApi();
  }, 240_000);

  afterAll(async () => {
    for (const api of apis) {
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill("SIGTERM");
    }
    await Promise.all(
      apis.map((api) =>
        api.child.exitCode === null && api.child.signalCode === null
          ? new Promise((r) => api.child.once("exit", r))
          : null,
      ),
    );
    await database?.drop();
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function post(api: Api, webhookId: string, body: string) {
    const at = new Date();
    return fetch(`${api.url}/v1/webhooks/acmepay`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": webhookId,
        "webhook-timestamp": Math.floor(at.getTime() / 1000).toString(),
        "webhook-signature": new Webhook(secret).sign(webhookId, at, body),
      },
      body,
    });
  }

  it("every payment mints once and every event is handled once, a process killed mid-way", async () => {
    const payers = [0x41, 0x42, 0x43].map(
      (byte) => privateKeyToAccount(`0x${byte.toString(16).repeat(32)}`).address,
    );
    const watched = payers[0]!;
    // A client of the second process follows the first payer (with an API key naming the account).
    const frames: { kind: string; cursor?: string; id?: string; data?: Record<string, unknown> }[] =
      [];
    const ws = new WebSocket(`${apis[1]!.url.replace("http", "ws")}/v1/stream?account=${watched}`, {
      headers: { "x-api-key": serviceKey },
    });
    ws.on("message", (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once("open", resolve));

    const payments: { reference: string; payer: Address; amount: string }[] = [];
    let alive = apis.slice();
    for (let i = 0; i < 18; i++) {
      const payer = payers[i % payers.length]!;
      const amount = `${10 + i}.25`;
      const reference = `e2e-${i}`;
      payments.push({ reference, payer, amount });
      const body = JSON.stringify({
        type: "PAYMENT_RECEIVED",
        timestamp: new Date().toISOString(),
        data: { account: payer, amount, currency: "USD", reference },
      });
      const id = `msg_e2e_${i}`;
      // To one process, and every third one again to the other (a provider's retry lands anywhere).
      const first = await post(alive[i % alive.length]!, id, body);
      assert.equal(first.status, 200, await first.text());
      if (i % 3 === 0) {
        const again = await post(alive[(i + 1) % alive.length]!, id, body);
        assert.equal(again.status, 200);
        assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);
      }
      // Kill the first process while its reactions are in flight.
      if (i === 8) {
        apis[0]!.child.kill("SIGKILL");
        alive = [apis[1]!];
      }
    }

    const paymentId = (reference: string) => keccak256(stringToHex(`acmepay:${reference}`));
    const minter = protocol.record.contracts.FiatMinter!.address as Address;
    const deadline = Date.now() + 120_000;
    let minted: { args: { paymentId?: string } }[] = [];
    while (Date.now() < deadline) {
      minted = (await protocol.publicClient.getContractEvents({
        address: minter,
        abi: fiatMinterAbi,
        eventName: "FiatMinted",
        fromBlock: 0n,
      })) as unknown as typeof minted;
      if (minted.length >= payments.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const ids = minted.map((log) => log.args.paymentId!);
    if (ids.length < payments.length) {
      const reactions = await query(
        "select event_id, status, attempts, last_error, leased_by from api.reactions order by event_cursor",
      );
      throw new Error(
        `${ids.length} of ${payments.length} minted\n${JSON.stringify(reactions, null, 1)}\n${apis[1]!.log.slice(-30).join("\n")}`,
      );
    }
    assert.equal(new Set(ids).size, ids.length, "no payment minted twice");
    assert.deepEqual(
      new Set(ids),
      new Set(payments.map((p) => paymentId(p.reference))),
      "every payment minted",
    );

    // The synths arrived, once each.
    const sUsd = protocol.record.synths.sUSD!.address as Address;
    for (const payer of payers) {
      const expected = payments
        .filter((p) => p.payer === payer)
        .reduce((sum, p) => sum + parseEther(p.amount), 0n);
      const balance = await protocol.publicClient.readContract({
        address: sUsd,
        abi: syntheticAssetAbi,
        functionName: "balanceOf",
        args: [payer],
      });
      assert.equal(balance, expected, `${payer}'s sUSD`);
    }

    // The log: each payment once, each confirmation once.
    const log = await fetchLog();
    const count = (type: string) => log.filter((e) => e.type === type).length;
    assert.equal(count("PAYMENT_RECEIVED"), payments.length);
    assert.equal(count("MINT_CONFIRMED"), payments.length);
    assert.equal(count("MINT_FAILED"), 0);

    // The stream client got the watched payer's confirmations once each, in log order.
    const mine = payments.filter((p) => p.payer === watched).length;
    const until = Date.now() + 30_000;
    const confirmations = () => frames.filter((f) => f.kind === "MINT_CONFIRMED");
    while (confirmations().length < mine && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(confirmations().length, mine);
    const cursors = frames.filter((f) => f.id).map((f) => BigInt(f.cursor!));
    assert.deepEqual(
      [...cursors].sort((a, b) => (a < b ? -1 : 1)),
      cursors,
      "in order",
    );
    assert.equal(new Set(cursors).size, cursors.length, "once each");
    ws.close();
  }, 240_000);

  /** The log as Postgres holds it (the admin route would need an admin session). */
  const fetchLog = () =>
    query("select id, type from api.event_log order by cursor") as Promise<
      { id: string; type: string }[]
    >;

  async function query(text: string): Promise<Record<string, unknown>[]> {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }
});
