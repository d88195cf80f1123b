// `npm run bench:lightning`: N concurrent mint swaps (Lightning -> chain) through the real stack, as users
// make them: each swap is asked of the API (POST /v1/lightning/mints: authentication, the compliance
// check, the keeper's quote and hold invoice), the unmodified `lightning` client pays it from the user's
// dev node, the bridge keeper (PGlite, its nonce-owning signer, the gateway on an in-process Hardhat
// chain) locks, and the user hands over the preimage through the API (a gasless claim) the moment the
// API's stream says the mint is locked. Payments arrive at a steady BENCH_RATE per second (default 25,
// above the 20/s aim); swapsPerSec is completions over the whole run. accept -> mint is measured from the
// moment the service node reports the HTLC held (its invoice stream) to the swap's `claimed` entry;
// acceptToStreamP50Ms is how long `invoice.accepted` takes to reach the user's WebSocket.
// Writes bench/results/lightning.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { payViaPaymentRequest, subscribeToInvoice } from "lightning";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import WebSocket from "ws";
import { newPreimage, until } from "../keepers/src/testing/bridgeFixture.ts";
import { startLightningStack } from "../test/lib/lightningStack.ts";

const n = Number(process.env.BENCH_SWAPS ?? 100);
/** Payments start at this steady rate (swaps per second): the aim is about sustained load. */
const rate = Number(process.env.BENCH_RATE ?? 25);
const aims = { acceptToMintP50Ms: 1_000, swapsPerSec: 20 };

const serviceKey = `bench-${"k".repeat(40)}`;
const stack = await startLightningStack({
  apiEnv: {
    API_SERVICE_KEYS: `bench=${serviceKey}`,
    API_RATE_LIMIT_IP: "1000000",
    API_RATE_LIMIT_ACCOUNT: "1000000",
  },
  keeperSettings: { pollMs: 20 },
});
const { f, keeper: k, apiUrl } = stack;
const service = { "x-api-key": serviceKey, "content-type": "application/json" };
let exitCode = 0;
try {
  // One account per swap, as many users would (one account's velocity limit is 20 actions an hour).
  const swaps = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const secret = newPreimage();
      const account = privateKeyToAccount(generatePrivateKey()).address;
      const asked = performance.now();
      const response = await fetch(`${apiUrl}/v1/lightning/mints`, {
        method: "POST",
        headers: service,
        body: JSON.stringify({
          paymentHash: secret.paymentHash,
          synth: f.synth("sUSD"),
          sats: 1_000 + i,
          recipient: account,
        }),
      });
      const body = (await response.json()) as { swap: { invoice: string } };
      if (response.status !== 201)
        throw new Error(`mint ${response.status}: ${JSON.stringify(body)}`);
      return {
        ...secret,
        account,
        invoice: body.swap.invoice,
        createMs: performance.now() - asked,
        heldAt: 0,
        streamedAt: 0,
      };
    }),
  );
  // Each user's stream: the moment `invoice.accepted` arrives, and the gasless claim once locked.
  const sockets = await Promise.all(
    swaps.map(
      (s) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(
            `${apiUrl.replace("http", "ws")}/v1/stream?account=${s.account}`,
            { headers: { "x-api-key": serviceKey } },
          );
          socket.on("message", (data) => {
            const event = JSON.parse(String(data)) as { kind: string; data?: { status: string } };
            if (event.kind === "hello") resolve(socket);
            if (event.kind !== "lightning.swap") return;
            if (event.data?.status === "invoice.accepted" && !s.streamedAt)
              s.streamedAt = Date.now();
            if (event.data?.status === "transaction.locked") {
              void fetch(`${apiUrl}/v1/lightning/mints/${s.paymentHash}/preimage`, {
                method: "POST",
                headers: service,
                body: JSON.stringify({ preimage: s.preimage }),
              });
            }
          });
          socket.on("error", reject);
        }),
    ),
  );
  // The service node's view of each HTLC: the moment it reports the invoice held.
  const subs = swaps.map((s) => {
    const sub = subscribeToInvoice({ id: s.paymentHash, lnd: f.serviceLnd });
    sub.on("invoice_updated", (invoice: { is_held?: boolean }) => {
      if (invoice.is_held && !s.heldAt) s.heldAt = Date.now();
    });
    sub.on("error", () => {});
    return sub;
  });
  const start = performance.now();
  const paid = await Promise.all(
    swaps.map(async (s, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / rate));
      return payViaPaymentRequest({ lnd: f.userLnd, request: s.invoice });
    }),
  );
  await until(
    "every settlement",
    async () => {
      for (const s of swaps)
        if ((await k.store.get(s.paymentHash))?.state !== "settled") return false;
      return true;
    },
    300_000,
  );
  const seconds = (performance.now() - start) / 1000;
  for (const sub of subs) sub.removeAllListeners();
  for (const socket of sockets) socket.close();
  if (paid.some((p, i) => p.secret !== swaps[i]!.preimage))
    throw new Error("a payer did not receive its preimage");

  const lags: number[] = [];
  // Where the time goes: from the HTLC held to each state the swap entered on the way to `claimed`.
  const steps = ["invoice_accepted", "lock_sent", "locked", "claim_sent", "claimed"] as const;
  const reached: Record<(typeof steps)[number], number[]> = {
    invoice_accepted: [],
    lock_sent: [],
    locked: [],
    claim_sent: [],
    claimed: [],
  };
  for (const s of swaps) {
    const history = await k.store.history(s.paymentHash);
    const claimed = history.find((e) => e.to_state === "claimed");
    if (!claimed || !s.heldAt) throw new Error(`no accept or claim time for ${s.paymentHash}`);
    lags.push(new Date(claimed.at).getTime() - s.heldAt);
    for (const step of steps) {
      const entry = history.find((e) => e.to_state === step);
      if (entry) reached[step].push(new Date(entry.at).getTime() - s.heldAt);
    }
  }
  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  };
  const streamLags = swaps.map((s) => s.streamedAt - s.heldAt);
  if (swaps.some((s) => !s.streamedAt))
    throw new Error("an invoice.accepted never reached its stream");
  const results = {
    swaps: n,
    offeredRatePerSec: rate,
    swapsPerSec: Number((n / seconds).toFixed(1)),
    acceptToMintP50Ms: pct(lags, 0.5),
    acceptToMintP99Ms: pct(lags, 0.99),
    acceptToStreamP50Ms: pct(streamLags, 0.5),
    acceptToStreamP99Ms: pct(streamLags, 0.99),
    apiCreateMintP50Ms: pct(
      swaps.map((s) => s.createMs),
      0.5,
    ),
    via: "api",
    heldToStateP50Ms: Object.fromEntries(steps.map((step) => [step, pct(reached[step], 0.5)])),
    seconds: Number(seconds.toFixed(2)),
    database: "pglite",
    aims,
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
      node: process.version,
    },
    date: new Date().toISOString(),
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/lightning.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `[bench:lightning] wrote bench/results/lightning.json\n${JSON.stringify(results, null, 2)}`,
  );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stack.close();
}
process.exit(exitCode);
