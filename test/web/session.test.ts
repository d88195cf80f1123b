// Signing in from the browser: the test wallet announced by EIP-6963, picked from the connect menu,
// a SIWE message signed with its key, and the API holding the session afterwards; a wrong network
// offered the switch; a session ended elsewhere asked to sign again; every page's accessibility.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { pageList } from "../../web/src/app/pages.ts";
import {
  accessibilityViolations,
  browserSuite,
  connectAndSignIn,
  launch,
  openApp,
  stack,
} from "./browser.ts";

const [name, skip] = browserSuite("web: sign in, network and session");

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs in with an injected wallet and the API holds the session", async () => {
    const { page, wallet, context } = await openApp(browser);
    await connectAndSignIn(page);
    await page
      .getByText(`${wallet.account.address.slice(0, 6)}…`)
      .first()
      .waitFor();
    const signed = wallet.requests.filter((r) => r.method === "personal_sign");
    assert.equal(signed.length, 1, "one signature for one sign-in");
    const token = await page.evaluate(
      (address) => sessionStorage.getItem(`fluxion.session.${address.toLowerCase()}`),
      wallet.account.address,
    );
    assert.ok(token, "the session token is kept for the tab");
    const current = await fetch(`${stack().apiUrl}/v1/sessions/current`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(current.status, 200);
    const session = (await current.json()) as { address: string; status: string };
    assert.equal(session.address, wallet.account.address);
    assert.equal(session.status, "active");
    await context.close();
  });

  it("offers the switch when the wallet is on another network, and follows it", async () => {
    const { page, wallet, context } = await openApp(browser, "/", { chainId: 1 });
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("menuitem", { name: "Test Wallet" }).click();
    const banner = page.getByTestId("wrong-network");
    await banner.waitFor();
    // One switch per chain Fluxion runs on: the first is the dev chain 31337.
    await banner
      .getByRole("button", { name: /Switch to/ })
      .first()
      .click();
    await banner.waitFor({ state: "detached" });
    assert.equal(wallet.chainId, 31337);
    assert.ok(wallet.requests.some((r) => r.method === "wallet_switchEthereumChain"));
    await context.close();
  });

  it("asks an expired session to sign in again", async () => {
    const { page, wallet, context } = await openApp(browser);
    await connectAndSignIn(page);
    const token = await page.evaluate(
      (address) => sessionStorage.getItem(`fluxion.session.${address.toLowerCase()}`),
      wallet.account.address,
    );
    // The session ends elsewhere (another tab logged out, or an admin revoked it).
    const logout = await fetch(`${stack().apiUrl}/v1/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(logout.status, 204);
    const expired = page.getByTestId("session-expired");
    await expired.waitFor();
    await expired.getByRole("button", { name: "Sign in again" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    assert.equal(wallet.requests.filter((r) => r.method === "personal_sign").length, 2);
    await context.close();
  });

  it("asks a risky session for a fresh signature, and says when the session is blocked", async () => {
    const { page, wallet, context } = await openApp(browser);
    await connectAndSignIn(page);
    const token = await page.evaluate(
      (address) => sessionStorage.getItem(`fluxion.session.${address.toLowerCase()}`),
      wallet.account.address,
    );
    const report = async (signals: Record<string, number>) => {
      const response = await fetch(`${stack().apiUrl}/v1/sessions/current/signals`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(signals),
      });
      return { status: response.status, body: (await response.json()) as { status?: string } };
    };
    // The device reports what a risky one would; the session's risk (a moving average) crosses 0.6.
    const risky = {
      rootedDevice: 1,
      vpn: 1,
      proxyHops: 4,
      thermalAnomaly: 1,
      biometricFailures: 3,
      locationChangesPerHour: 5,
    };
    let status: string | undefined;
    for (let i = 0; i < 5 && status !== "challenge_required"; i++) {
      status = (await report(risky)).body.status;
    }
    assert.equal(status, "challenge_required");
    // The page hears it on the stream and asks for a signature; signing makes the session active.
    const challenge = page.getByTestId("session-challenge");
    await challenge.waitFor();
    const signaturesBefore = wallet.requests.filter((r) => r.method === "personal_sign").length;
    await challenge.getByRole("button", { name: "Sign to confirm" }).click();
    await challenge.waitFor({ state: "detached" });
    assert.equal(
      wallet.requests.filter((r) => r.method === "personal_sign").length,
      signaturesBefore + 1,
    );
    const current = await fetch(`${stack().apiUrl}/v1/sessions/current`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(((await current.json()) as { status: string }).status, "active");
    // Signals the model scores critical block the session for good: the page says so.
    const critical = {
      ...risky,
      proxyHops: 16,
      biometricFailures: 100,
      locationChangesPerHour: 1000,
    };
    for (let i = 0; i < 5; i++) {
      const { status: code } = await report(critical);
      if (code === 403) break;
    }
    await page.getByTestId("session-blocked").waitFor();
    await context.close();
  });

  it("has no serious or critical accessibility violations on any page, wide or narrow", async () => {
    const { page, context } = await openApp(browser);
    await connectAndSignIn(page);
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const { path } of pageList) {
        await page.goto(path);
        await page.locator("main h1").first().waitFor();
        await page.waitForLoadState("networkidle");
        assert.deepEqual(await accessibilityViolations(page), [], `${path} at ${viewport.width}px`);
      }
    }
    await context.close();
  });
});
