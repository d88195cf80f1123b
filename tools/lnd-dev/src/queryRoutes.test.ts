// QueryRoutes as lnd answers it, through lightning's getRouteToDestination: a one-hop route to a
// peer, lnd's "unable to find a path to destination" (the client's empty answer) when there is none,
// and lnd's own errors where lnd gives errors rather than no path.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lightning from "lightning";
import { pointFromScalar } from "tiny-secp256k1";
import { afterAll, beforeAll, test } from "vitest";
import type { DevNetworkHandle } from "./index.ts";
import { startDevNetwork } from "./index.ts";

const { authenticatedLndGrpc, getRouteToDestination, getWalletInfo } = lightning;

let dir: string;
let net: DevNetworkHandle<"service" | "user" | "carol">;
let lnd: lightning.AuthenticatedLnd;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lnd-dev-routes-"));
  // Two channels of 10,000,000 sat each side for the service: to the user and to carol.
  net = await startDevNetwork({ nodes: ["service", "user", "carol"], dir });
  lnd = authenticatedLndGrpc(net.nodes.service).lnd;
});

afterAll(async () => {
  for (const client of Object.values(lnd)) (client as { close(): void }).close();
  await net.close();
  await rm(dir, { recursive: true, force: true });
});

const height = async () => (await getWalletInfo({ lnd })).current_block_height;
const details = (err: unknown): string | undefined =>
  (err as [number, string, { err?: { details?: string } }])[2]?.err?.details;

/** lnd's error detail for a query it refuses, which the client wraps as unexpected. */
const refused = (detail: string) => (err: unknown) => {
  assert.equal((err as [number, string])[1], "UnexpectedErrInGetRouteToDestination");
  assert.equal(details(err), detail);
  return true;
};

test("a peer with enough balance: one hop over the channel, its lock the final delta as sent", async () => {
  const destination = net.nodes.user.pubkey;
  const h = await height();
  // The client sends final_cltv_delta = cltv_delta (default 40) + 6.
  const { route } = await getRouteToDestination({ lnd, destination, tokens: 1000 });
  assert.ok(route);
  assert.equal(route.timeout, h + 46);
  assert.equal(route.fee, 0);
  assert.equal(route.fee_mtokens, "0");
  assert.equal(route.mtokens, "1000000");
  assert.equal(route.tokens, 1000);
  assert.equal(route.hops.length, 1);
  const [hop] = route.hops;
  assert.equal(hop?.public_key, destination);
  assert.match(hop?.channel ?? "", /^101x\d+x0$/);
  assert.equal(hop?.timeout, h + 46);
  assert.equal(hop?.forward_mtokens, "1000000");
  assert.equal(hop?.fee, 0);

  // Within max_timeout_height (the limit must exceed the final delta), and in millisatoshis.
  const limited = await getRouteToDestination({
    lnd,
    destination,
    mtokens: "1500",
    cltv_delta: 80,
    max_timeout_height: h + 87,
  });
  assert.equal(limited.route?.timeout, h + 86);
  assert.equal(limited.route?.mtokens, "1500");
  assert.equal(limited.route?.tokens, 1);
  assert.equal(limited.route?.safe_tokens, 2);
});

test("no path: an unknown node, more than the channel holds, restrictions it cannot meet", async () => {
  const key = randomBytes(32);
  const stranger = Buffer.from(pointFromScalar(key) ?? []).toString("hex");
  assert.deepEqual(await getRouteToDestination({ lnd, destination: stranger, tokens: 10 }), {});

  // More than the user's channel can carry, though less than the service's two channels together.
  const user = net.nodes.user.pubkey;
  assert.deepEqual(await getRouteToDestination({ lnd, destination: user, tokens: 15_000_000 }), {});

  const carol = net.nodes.carol.pubkey;
  const self = net.nodes.service.pubkey;
  const ignored = await getRouteToDestination({
    lnd,
    destination: user,
    tokens: 10,
    ignore: [{ from_public_key: self, to_public_key: user }],
  });
  assert.deepEqual(ignored, {});
  // The last hop before the user would be ourselves, not carol.
  const viaCarol = await getRouteToDestination({
    lnd,
    destination: user,
    tokens: 10,
    incoming_peer: carol,
  });
  assert.deepEqual(viaCarol, {});
  assert.deepEqual(await getRouteToDestination({ lnd, destination: self, tokens: 10 }), {});
});

test("where lnd refuses the query instead: a CLTV limit without room, more than all balance", async () => {
  const destination = net.nodes.user.pubkey;
  const h = await height();
  // lnd checks the limit against the final delta (46 here) before pathfinding, and errors.
  await assert.rejects(
    getRouteToDestination({ lnd, destination, tokens: 10, max_timeout_height: h + 46 }),
    refused("cltv limit 46 should be greater than 46"),
  );
  await assert.rejects(
    getRouteToDestination({ lnd, destination, tokens: 10, max_timeout_height: h + 2017 }),
    refused("total time lock of 2017 exceeds max allowed 2016"),
  );
  // Beyond every local channel together: lnd's pathfinding says so before looking for a path.
  await assert.rejects(
    getRouteToDestination({ lnd, destination, tokens: 25_000_000 }),
    refused("insufficient local balance"),
  );
});
