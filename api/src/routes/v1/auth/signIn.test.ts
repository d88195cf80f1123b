import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage, type SiweMessage } from "viem/siwe";
import { afterAll, beforeAll, test } from "vitest";
import { startTestChain, type TestChain } from "../../../auth/testChain.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const minute = 60_000;

describeBackends("SIWE sign-in", (backend) => {
  let app: TestApp;
  let chain: TestChain;
  const account = privateKeyToAccount(generatePrivateKey());
  beforeAll(async () => {
    // Signatures that do not recover to the address are checked against the chain (ERC-1271).
    chain = await startTestChain();
    app = await buildTestApp({ backend, publicClient: chain.publicClient });
  });
  afterAll(async () => {
    await app.close();
    await chain.close();
  });

  async function nonce() {
    const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    assert.equal(response.statusCode, 200);
    return response.json() as {
      nonce: string;
      issuedAt: string;
      expirationTime: string;
      domain: string;
      chainIds: number[];
    };
  }

  async function message(overrides: Partial<SiweMessage> = {}) {
    const issued = await nonce();
    return createSiweMessage({
      domain: issued.domain,
      address: account.address,
      uri: `http://${issued.domain}`,
      version: "1",
      chainId: issued.chainIds[0]!,
      nonce: issued.nonce,
      issuedAt: app.clock.now(),
      ...overrides,
    });
  }

  async function verify(text: string, signature?: `0x${string}`) {
    return app.inject({
      method: "POST",
      url: "/v1/auth/verify",
      payload: {
        message: text,
        signature: signature ?? (await account.signMessage({ message: text })),
      },
    });
  }

  function assertError(
    response: { statusCode: number; json(): unknown },
    status: number,
    code: string,
  ) {
    assert.equal(response.statusCode, status);
    assert.equal((response.json() as { error: { code: string } }).error.code, code);
  }

  test("POST /v1/auth/nonce hands out a fresh 10-minute nonce with the domain and chains", async () => {
    const first = await nonce();
    const second = await nonce();
    assert.notEqual(first.nonce, second.nonce);
    assert.match(first.nonce, /^[a-zA-Z0-9]{8,}$/);
    assert.equal(first.domain, "localhost:5173");
    assert.deepEqual(first.chainIds, [31337]);
    assert.equal(Date.parse(first.expirationTime) - Date.parse(first.issuedAt), 10 * minute);
  });

  test("a valid signed message starts an active, scored session whose token works", async () => {
    const text = await message({
      expirationTime: new Date(app.clock.now().getTime() + 5 * minute),
    });
    const response = await verify(text);
    assert.equal(response.statusCode, 200);
    const { token, session } = response.json();
    assert.match(token, /^fxs_/);
    assert.equal(session.address, account.address);
    assert.equal(session.status, "active");
    assert.equal(typeof session.risk.score, "number");
    assert.equal(session.risk.ema, session.risk.score);
    const current = await app.inject({
      url: "/v1/sessions/current",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(current.statusCode, 200);
    assert.equal(current.json().id, session.id);
    const audit = await app.audit.verify();
    assert.equal(audit.ok, true);
  });

  test("signIn helper does the same round trip", async () => {
    const signedIn = await signIn(app, account, { deviceFingerprint: "laptop" });
    const current = await app.inject({ url: "/v1/sessions/current", headers: signedIn.headers });
    assert.equal(current.json().id, signedIn.sessionId);
    assert.equal(current.json().deviceFingerprint, "laptop");
  });

  test("wrong domain → 401 auth.domain_mismatch", async () => {
    assertError(
      await verify(await message({ domain: "evil.example" })),
      401,
      "auth.domain_mismatch",
    );
  });

  test("unaccepted chain → 401 auth.chain_unsupported", async () => {
    assertError(await verify(await message({ chainId: 1 })), 401, "auth.chain_unsupported");
  });

  test("expired message → 401 auth.message_expired", async () => {
    const text = await message({ expirationTime: new Date(app.clock.now().getTime() - 1) });
    assertError(await verify(text), 401, "auth.message_expired");
  });

  test("message with a future Not Before → 401 auth.message_not_yet_valid", async () => {
    const text = await message({ notBefore: new Date(app.clock.now().getTime() + minute) });
    assertError(await verify(text), 401, "auth.message_not_yet_valid");
  });

  test("nonce not issued by the server → 401 auth.nonce_unknown", async () => {
    assertError(
      await verify(await message({ nonce: "abcdefgh12345678" })),
      401,
      "auth.nonce_unknown",
    );
  });

  test("nonce older than 10 minutes → 401 auth.nonce_expired", async () => {
    const text = await message();
    app.clock.advance(10 * minute);
    assertError(await verify(text), 401, "auth.nonce_expired");
  });

  test("nonce still valid just before 10 minutes", async () => {
    const text = await message();
    app.clock.advance(10 * minute - 1);
    assert.equal((await verify(text)).statusCode, 200);
  });

  test("replaying a used message and signature → 401 auth.nonce_used", async () => {
    const text = await message();
    const signature = await account.signMessage({ message: text });
    assert.equal((await verify(text, signature)).statusCode, 200);
    assertError(await verify(text, signature), 401, "auth.nonce_used");
  });

  test("two concurrent verifications of one message: exactly one session", async () => {
    const text = await message();
    const signature = await account.signMessage({ message: text });
    const responses = await Promise.all([verify(text, signature), verify(text, signature)]);
    const codes = responses.map((response) => response.statusCode).sort();
    assert.deepEqual(codes, [200, 401]);
    const failed = responses.find((response) => response.statusCode === 401)!;
    assert.equal(failed.json().error.code, "auth.nonce_used");
  });

  test("signed by another key → 401 auth.signature_invalid, and the nonce stays usable", async () => {
    const text = await message();
    const other = privateKeyToAccount(generatePrivateKey());
    assertError(
      await verify(text, await other.signMessage({ message: text })),
      401,
      "auth.signature_invalid",
    );
    assert.equal((await verify(text)).statusCode, 200);
  });

  test("malformed message → 400 auth.message_invalid", async () => {
    assertError(await verify("hello, sign me in"), 400, "auth.message_invalid");
    const text = (await message()).replace("Version: 1", "Version: 2");
    assertError(await verify(text), 400, "auth.message_invalid");
  });

  test("malformed body → 400 request.invalid, never a 5xx", async () => {
    const text = await message();
    for (const payload of [
      {},
      { message: text },
      { message: text, signature: "nothex" },
      { message: text, signature: "0x00", extra: 1 },
      { message: text, signature: "0x00", signals: { vpn: 2 } },
      { message: text, signature: "0x00", signals: { proxyHops: 1.5 } },
      { message: text, signature: "0x00", signals: { amountZScore: 1 } },
    ]) {
      const response = await app.inject({ method: "POST", url: "/v1/auth/verify", payload });
      assertError(response, 400, "request.invalid");
      assert.ok(response.json().error.message, JSON.stringify(payload));
    }
  });

  test("a garbage signature on a valid message → 401 auth.signature_invalid", async () => {
    const text = await message();
    assertError(await verify(text, "0x1234"), 401, "auth.signature_invalid");
  });

  test("sign-in records the device; the signed-in event is published", async () => {
    const fresh = privateKeyToAccount(generatePrivateKey());
    const events: unknown[] = [];
    const unsubscribe = app.events.subscribe(fresh.address, (event) => events.push(event));
    const first = await signIn(app, fresh, { deviceFingerprint: "phone" });
    await signIn(app, fresh, { deviceFingerprint: "phone" });
    await signIn(app, fresh, { deviceFingerprint: "tablet" });
    await app.tail.wake(); // the stream's subscribers hear of logged events from the tail
    unsubscribe();
    assert.equal(events.length, 3);
    assert.deepEqual(
      (events[0] as { data: { sessionId: string } }).data.sessionId,
      first.sessionId,
    );
    const page = await app.audit.page(0, 1000);
    const signIns = page.filter(
      (row) => row.kind === "auth.signed_in" && row.subject === fresh.address,
    );
    assert.deepEqual(
      signIns.map((row) => row.data.newDevice),
      [false, false, true],
    );
  });
});
