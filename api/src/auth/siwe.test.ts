// Hostile SIWE messages, built and signed the way a third-party client would: the `siwe` package
// (SiweMessage.prepareMessage) writes the EIP-4361 text, viem accounts sign it.
import assert from "node:assert/strict";
import { SiweMessage } from "siwe";
import { type Hex, hexToBigInt, numberToHex, slice } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../testing/backends.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";
import { uriAllowed } from "./siwe.ts";

const minute = 60_000;
const year = 365 * 24 * 60 * minute;
/** The order of secp256k1. */
const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same signature with s' = n - s and the recovery bit flipped: it recovers the same key. */
function malleate(signature: Hex): Hex {
  const s = hexToBigInt(slice(signature, 32, 64));
  const v = hexToBigInt(slice(signature, 64, 65));
  const flipped = v === 27n ? 28 : v === 28n ? 27 : Number(v ^ 1n);
  return `${slice(signature, 0, 32)}${numberToHex(n - s, { size: 32 }).slice(2)}${numberToHex(flipped, { size: 1 }).slice(2)}`;
}

describeBackends("SIWE messages from the siwe package", (backend) => {
  let app: TestApp;
  const account = privateKeyToAccount(generatePrivateKey());
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: {
        API_CORS_ORIGINS: "http://localhost:5173,https://app.fluxion.example",
        API_RATE_LIMIT_NONCE: "1000",
      },
    });
  });
  afterAll(() => app.close());

  /** A SiweMessage for a fresh nonce, as the web app would build it; `fields` override. */
  async function siwe(fields: Partial<SiweMessage> = {}) {
    const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    assert.equal(response.statusCode, 200);
    const { nonce, domain, chainIds } = response.json();
    return new SiweMessage({
      domain,
      address: account.address,
      statement: "Sign in to Fluxion",
      uri: `http://${domain}`,
      version: "1",
      chainId: chainIds[0],
      nonce,
      issuedAt: app.clock.now().toISOString(),
      ...fields,
    });
  }

  async function verify(message: string, signature?: Hex) {
    return app.inject({
      method: "POST",
      url: "/v1/auth/verify",
      payload: { message, signature: signature ?? (await account.signMessage({ message })) },
    });
  }

  function assertError(response: Awaited<ReturnType<typeof verify>>, status: number, code: string) {
    assert.equal(response.statusCode, status, response.body);
    assert.equal(response.json().error.code, code);
  }

  test("a message the siwe package prepares signs in", async () => {
    const response = await verify((await siwe()).prepareMessage());
    assert.equal(response.statusCode, 200, response.body);
    const bare = await siwe({ statement: undefined, uri: "http://localhost:5173/login" });
    assert.equal((await verify(bare.prepareMessage())).statusCode, 200, "no statement, a path");
  });

  test("a URI on another origin → 401 auth.uri_mismatch", async () => {
    for (const uri of [
      "https://evil.example/login",
      "http://localhost.evil.example:5173/",
      "https://evil.example/?next=http://localhost:5173",
      "http://localhost:5174/",
      "urn:uuid:6f1c2a8e-1d2b-4c8a-9a43-6b2f0f6c9d11",
    ]) {
      assertError(await verify((await siwe({ uri })).prepareMessage()), 401, "auth.uri_mismatch");
    }
  });

  test("a URI whose host is the SIWE domain, or on an API_CORS_ORIGINS origin, is accepted", async () => {
    for (const uri of [
      "http://localhost:5173",
      "https://localhost:5173/sign-in?x=1",
      "https://app.fluxion.example/",
      "https://app.fluxion.example/deep/link",
    ]) {
      const response = await verify((await siwe({ uri })).prepareMessage());
      assert.equal(response.statusCode, 200, `${uri}: ${response.body}`);
    }
  });

  test("Issued At in the future beyond 5 minutes' skew → 401 auth.issued_at_future", async () => {
    const now = app.clock.now().getTime();
    for (const ahead of [year, 6 * minute]) {
      const message = await siwe({ issuedAt: new Date(now + ahead).toISOString() });
      assertError(await verify(message.prepareMessage()), 401, "auth.issued_at_future");
    }
    const skewed = await siwe({ issuedAt: new Date(now + 4 * minute).toISOString() });
    assert.equal((await verify(skewed.prepareMessage())).statusCode, 200, "4 minutes ahead");
  });

  test("Issued At older than the nonce's life (+ skew) → 401 auth.issued_at_stale", async () => {
    const now = app.clock.now().getTime();
    for (const ago of [year, 16 * minute]) {
      const message = await siwe({ issuedAt: new Date(now - ago).toISOString() });
      assertError(await verify(message.prepareMessage()), 401, "auth.issued_at_stale");
    }
    const recent = await siwe({ issuedAt: new Date(now - 9 * minute).toISOString() });
    assert.equal((await verify(recent.prepareMessage())).statusCode, 200, "9 minutes ago");
  });

  test("an address without its EIP-55 checksum → 400 auth.address_not_checksummed", async () => {
    const message = await siwe();
    message.address = account.address.toLowerCase();
    const text = message.prepareMessage();
    assert.ok(text.includes(account.address.toLowerCase()));
    assertError(await verify(text), 400, "auth.address_not_checksummed");
    message.address = `0x${account.address.slice(2).toUpperCase()}`;
    assertError(await verify(message.prepareMessage()), 400, "auth.address_not_checksummed");
  });

  test("a high-s (malleated) EOA signature → 401 auth.signature_non_canonical", async () => {
    const text = (await siwe()).prepareMessage();
    const signature = await account.signMessage({ message: text });
    const malleated = malleate(signature);
    assert.notEqual(malleated, signature);
    assertError(await verify(text, malleated), 401, "auth.signature_non_canonical");
    assert.equal((await verify(text, signature)).statusCode, 200, "the canonical one still works");
  });
});

test("uriAllowed: the domain's host or an allowed origin, over http(s) only", () => {
  const origins = ["http://localhost:5173", "https://app.fluxion.example"];
  for (const uri of [
    "http://localhost:5173",
    "https://LOCALHOST:5173/x",
    "https://app.fluxion.example/a?b=c",
    "https://app.fluxion.example:443/",
  ]) {
    assert.equal(uriAllowed(uri, "localhost:5173", origins), true, uri);
  }
  for (const uri of [
    "https://localhost:5173@evil.example/",
    "http://localhost/",
    "http://app.fluxion.example/",
    "javascript:alert(1)//localhost:5173",
    "ftp://localhost:5173/",
    "not a uri",
    "",
  ]) {
    assert.equal(uriAllowed(uri, "localhost:5173", origins), false, uri);
  }
});
