// A restarted dev node keeps its key and invoices; the CLI works as the user's wallet against it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import lightning from "lightning";
import { afterAll, beforeAll, test } from "vitest";
import type { DevNetworkHandle } from "./index.ts";
import { startDevNetwork } from "./index.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

let dir: string;
let net: DevNetworkHandle<"user" | "service">;

const ln = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [cli, ...args], {
    env: { ...process.env, LN_DIR: join(dir, "user"), LND_SOCKET: "", ...env },
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lnd-dev-cli-"));
  net = await startDevNetwork({ nodes: ["user", "service"], dir });
});

afterAll(async () => {
  await net.close();
  await rm(dir, { recursive: true, force: true });
});

test("CLI: info, invoice, decode, pay (twice), balance", async () => {
  const info = JSON.parse((await ln(["info"])).stdout);
  assert.equal(info.public_key, net.nodes.user.pubkey);

  const created = JSON.parse(
    (await ln(["invoice", "1000", "two", "words"], { LN_DIR: join(dir, "service") })).stdout,
  );
  assert.match(created.request, /^lnbcrt10u1/);
  const decoded = JSON.parse((await ln(["decode", created.request])).stdout);
  assert.equal(decoded.description, "two words");
  assert.equal(decoded.destination, net.nodes.service.pubkey);

  const paid = await ln(["pay", created.request]);
  assert.match(paid.stdout, /in flight: 1000 sats/);
  assert.match(paid.stdout, /succeeded: 1000 sats, fee 0/);
  assert.match(paid.stdout, /preimage: [0-9a-f]{64}/);

  await assert.rejects(ln(["pay", created.request]), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /invoice is already paid/);
    return true;
  });

  const balance = JSON.parse((await ln(["balance"])).stdout);
  assert.equal(balance.local, 10_000_000 - 1000);
  assert.equal(balance.remote, 10_000_000 + 1000);

  await assert.rejects(ln(["bogus"]), (err: { code: number }) => err.code === 2);
});

test("a restarted node keeps its key, macaroon and invoices", async () => {
  const { lnd } = lightning.authenticatedLndGrpc(net.nodes.service);
  const invoice = await lightning.createInvoice({ lnd, tokens: 777, description: "kept" });
  for (const client of Object.values(lnd)) (client as { close(): void }).close();
  const { pubkey, macaroon, cert } = net.nodes.service;
  await net.close();
  const state = JSON.parse(await readFile(join(dir, "service", "state.json"), "utf8"));
  assert.equal(state.invoices.at(-1).hash, invoice.id);

  net = await startDevNetwork({ nodes: ["user", "service"], dir });
  assert.equal(net.nodes.service.pubkey, pubkey);
  assert.equal(net.nodes.service.macaroon, macaroon);
  assert.equal(net.nodes.service.cert, cert);

  // The CLI reads the (new) socket file and pays the invoice made before the restart.
  const paid = await ln(["pay", invoice.request]);
  assert.match(paid.stdout, /succeeded: 777 sats/);
  const balance = JSON.parse((await ln(["balance"], { LN_DIR: join(dir, "service") })).stdout);
  assert.equal(balance.local, 10_000_000 + 1000 + 777);
});
