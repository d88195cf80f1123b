// `npm run bench:lightning`: N concurrent mint swaps (Lightning -> chain) through the real parts: the
// unmodified `lightning` client paying from the user's dev node, the bridge keeper (PGlite, its nonce-
// owning signer, the gateway on an in-process Hardhat chain), the service dev node holding the HTLCs.
// Payments arrive at a steady BENCH_RATE per second (default 25, above the 20/s aim); swapsPerSec is
// completions over the whole run. Each user hands over the preimage at once (a gasless claim), so "minted" is the keeper's claim.
// accept -> mint is measured from the moment the service node reports the HTLC held (its invoice
// stream) to the swap's `claimed` entry. Writes bench/results/lightning.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { payViaPaymentRequest, subscribeToInvoice } from "lightning";
import type { Address } from "viem";
import { migrate } from "../keepers/src/db/migrate.ts";
import { openSql } from "../keepers/src/db/sql.ts";
import { newPreimage, startBridgeFixture, until } from "../keepers/src/testing/bridgeFixture.ts";

const n = Number(process.env.BENCH_SWAPS ?? 100);
/** Payments start at this steady rate (swaps per second): the aim is about sustained load. */
const rate = Number(process.env.BENCH_RATE ?? 25);
const aims = { acceptToMintP50Ms: 1_000, swapsPerSec: 20 };

const f = await startBridgeFixture();
const sql = await openSql({ dataDir: "memory://" });
await migrate(sql);
const k = await f.startKeeper(sql, "bench", 7, { pollMs: 20 });
k.keeper.start();
const recipient = "0x976EA74026E726554dB657fA54763abd0C3a0aa9" as Address;
let exitCode = 0;
try {
  const swaps = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const secret = newPreimage();
      const swap = await k.service.createMint({
        paymentHash: secret.paymentHash,
        recipient,
        synth: f.synth("sUSD"),
        sats: 1_000n + BigInt(i),
      });
      await k.service.handPreimage(secret.paymentHash, secret.preimage);
      return { ...secret, swap, heldAt: 0 };
    }),
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
      return payViaPaymentRequest({ lnd: f.userLnd, request: s.swap.invoice! });
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
  if (paid.some((p, i) => p.secret !== swaps[i]!.preimage))
    throw new Error("a payer did not receive its preimage");

  const lags: number[] = [];
  for (const s of swaps) {
    const claimed = (await k.store.history(s.paymentHash)).find((e) => e.to_state === "claimed");
    if (!claimed || !s.heldAt) throw new Error(`no accept or claim time for ${s.paymentHash}`);
    lags.push(new Date(claimed.at).getTime() - s.heldAt);
  }
  lags.sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!;
  const results = {
    swaps: n,
    offeredRatePerSec: rate,
    swapsPerSec: Number((n / seconds).toFixed(1)),
    acceptToMintP50Ms: pct(0.5),
    acceptToMintP99Ms: pct(0.99),
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
  await k.stop();
  await sql.close();
  await f.close();
}
process.exit(exitCode);
