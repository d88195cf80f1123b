import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { siweNonces } from "../db/schema/index.ts";
import { describeBackends } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";
import { nonceGraceMs, nonceTtlMs, sweepNonces } from "./nonces.ts";

const minute = 60_000;

describeBackends("SIWE nonces", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_RATE_LIMIT_IP: "1000000", API_RATE_LIMIT_NONCE: "1000000" },
    });
  });
  afterAll(() => app.close());

  const issue = async () => {
    const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    assert.equal(response.statusCode, 200);
    return response.json().nonce as string;
  };

  test("1,000 nonces: unique, alphanumeric, >= 64 bits, no run shared between any two", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 1000; i++) nonces.push(await issue());
    assert.equal(new Set(nonces).size, nonces.length);
    for (const nonce of nonces) {
      // EIP-4361: alphanumeric, >= 8 characters; ours carry >= 64 bits (16 hex digits or more).
      assert.match(nonce, /^[a-zA-Z0-9]{16,}$/);
    }
    // viem's generateSiweNonce slid a window one character along one Math.random buffer, so each
    // nonce was the previous one shifted by one character: any 12-character run (48 bits) seen in
    // two nonces gives that away. For independent random nonces a repeat has odds ~1e-6.
    const seen = new Map<string, number>();
    for (const [index, nonce] of nonces.entries()) {
      for (let at = 0; at + 12 <= nonce.length; at++) {
        const run = nonce.slice(at, at + 12);
        const other = seen.get(run);
        assert.ok(
          other === undefined || other === index,
          `nonces #${other} and #${index} share the run ${run}`,
        );
        seen.set(run, index);
      }
    }
    for (let i = 1; i < nonces.length; i++) {
      assert.notEqual(nonces[i]!.slice(0, -1), nonces[i - 1]!.slice(1), "shifted by one");
    }
  });

  test("the sweep deletes nonces past expiry + grace (used or not) and keeps live ones", async () => {
    await app.db.delete(siweNonces);
    await issue();
    await signIn(app, privateKeyToAccount(generatePrivateKey()));
    app.clock.advance(nonceTtlMs + nonceGraceMs + minute);
    const live = await issue();
    assert.equal(await sweepNonces(app), 2);
    const rows = await app.db.select({ nonce: siweNonces.nonce }).from(siweNonces);
    assert.deepEqual(
      rows.map((row) => row.nonce),
      [live],
    );
  });

  test("an expired nonce is kept for the sweep's grace (it still answers auth.nonce_expired)", async () => {
    await app.db.delete(siweNonces);
    await issue();
    app.clock.advance(nonceTtlMs + minute);
    assert.equal(await sweepNonces(app), 0);
    assert.equal((await app.db.select().from(siweNonces)).length, 1);
    app.clock.advance(nonceGraceMs);
    assert.equal(await sweepNonces(app), 1);
  });
});

describeBackends("nonce issuance rate limit", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_RATE_LIMIT_NONCE: "3", API_RATE_LIMIT_IP: "1000" },
    });
  });
  afterAll(() => app.close());

  test("over API_RATE_LIMIT_NONCE per minute per IP: 429 rate_limited; other routes still answer", async () => {
    const from = (remoteAddress: string) =>
      app.inject({ method: "POST", url: "/v1/auth/nonce", remoteAddress });
    for (let i = 0; i < 3; i++) assert.equal((await from("10.0.0.1")).statusCode, 200);
    const limited = await from("10.0.0.1");
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, "rate_limited");
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.equal((await from("10.0.0.2")).statusCode, 200, "another IP has its own budget");
    const health = await app.inject({ method: "GET", url: "/health", remoteAddress: "10.0.0.1" });
    assert.equal(health.statusCode, 200);
  });

  test("the challenge's nonce counts against the same budget", async () => {
    // Sign in from one address, then ask for challenges from another IP until it is spent.
    const session = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const challenge = () =>
      app.inject({
        method: "POST",
        url: "/v1/auth/challenge",
        headers: session.headers,
        remoteAddress: "10.0.0.3",
      });
    for (let i = 0; i < 3; i++) assert.equal((await challenge()).statusCode, 200);
    const limited = await challenge();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, "rate_limited");
    const nonce = await app.inject({
      method: "POST",
      url: "/v1/auth/nonce",
      remoteAddress: "10.0.0.3",
    });
    assert.equal(nonce.statusCode, 429, "and /v1/auth/nonce shares it");
  });
});
