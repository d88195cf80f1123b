import assert from "node:assert/strict";
import { getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { afterAll, beforeAll, test } from "vitest";
import { startTestChain, type TestChain } from "../../../auth/testChain.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

describeBackends("SIWE sign-in with contract wallets (ERC-1271)", (backend) => {
  let app: TestApp;
  let chain: TestChain;
  let wallet: `0x${string}`;
  const owner = privateKeyToAccount(generatePrivateKey());

  beforeAll(async () => {
    chain = await startTestChain();
    wallet = await chain.deployWallet(owner.address);
    app = await buildTestApp({ backend, publicClient: chain.publicClient });
  });
  afterAll(async () => {
    await app.close();
    await chain.close();
  });

  async function walletMessage(address: `0x${string}`) {
    const issued = (await app.inject({ method: "POST", url: "/v1/auth/nonce" })).json();
    return createSiweMessage({
      domain: issued.domain,
      address,
      uri: `http://${issued.domain}`,
      version: "1",
      chainId: issued.chainIds[0],
      nonce: issued.nonce,
      issuedAt: app.clock.now(),
    });
  }

  const verify = (message: string, signature: `0x${string}`) =>
    app.inject({ method: "POST", url: "/v1/auth/verify", payload: { message, signature } });

  test("the wallet's owner signing for the wallet signs the wallet in", async () => {
    const message = await walletMessage(wallet);
    const response = await verify(message, await owner.signMessage({ message }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().session.address, getAddress(wallet));
    const [row] = (await app.audit.page(0, 1000)).filter((r) => r.kind === "auth.signed_in");
    assert.equal(row?.data.signer, "contract");
  });

  test("a signature the wallet rejects → 401 auth.signature_invalid", async () => {
    const message = await walletMessage(wallet);
    const stranger = privateKeyToAccount(generatePrivateKey());
    const response = await verify(message, await stranger.signMessage({ message }));
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.signature_invalid");
  });

  test("a non-ECDSA blob for the wallet is rejected, not a 5xx", async () => {
    const message = await walletMessage(wallet);
    const response = await verify(message, `0x${"ab".repeat(100)}`);
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.signature_invalid");
  });

  test("an address without code and a foreign signature → 401 auth.signature_invalid", async () => {
    const nobody = privateKeyToAccount(generatePrivateKey());
    const message = await walletMessage(nobody.address);
    const response = await verify(message, await owner.signMessage({ message }));
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.signature_invalid");
  });
});

describeBackends("SIWE sign-in without a reachable chain", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, so the RPC call fails fast.
    app = await buildTestApp({ backend, env: { API_RPC_URL: "http://127.0.0.1:9" } });
  });
  afterAll(() => app.close());

  test("EOA sign-in needs no chain", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const issued = (await app.inject({ method: "POST", url: "/v1/auth/nonce" })).json();
    const message = createSiweMessage({
      domain: issued.domain,
      address: account.address,
      uri: `http://${issued.domain}`,
      version: "1",
      chainId: 31337,
      nonce: issued.nonce,
      issuedAt: app.clock.now(),
    });
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/verify",
      payload: { message, signature: await account.signMessage({ message }) },
    });
    assert.equal(response.statusCode, 200);
  });

  test("a signature needing the chain → 503 auth.verifier_unavailable", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const issued = (await app.inject({ method: "POST", url: "/v1/auth/nonce" })).json();
    const message = createSiweMessage({
      domain: issued.domain,
      address: account.address,
      uri: `http://${issued.domain}`,
      version: "1",
      chainId: 31337,
      nonce: issued.nonce,
      issuedAt: app.clock.now(),
    });
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/verify",
      payload: { message, signature: await other.signMessage({ message }) },
    });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, "auth.verifier_unavailable");
  });
});
