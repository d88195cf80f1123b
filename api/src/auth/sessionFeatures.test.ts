import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";
import { sessionFeatures, unusualHour } from "./sessionFeatures.ts";

const at = (iso: string) => new Date(iso);

describeBackends("session features", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend, start: "2026-02-01T03:10:00.000Z" });
  });
  afterAll(() => app.close());

  /** Signs an account in `count` times, one day apart, at the clock's time of day. */
  async function history(count: number) {
    const account = privateKeyToAccount(generatePrivateKey());
    for (let i = 0; i < count; i++) {
      await signIn(app, account);
      app.clock.advance(24 * 3_600_000);
    }
    return account.address;
  }

  test("unusualHour: 1 only with >= 10 earlier sessions, < 5% of them within ±1 h", async () => {
    app.clock.set("2026-02-01T03:10:00.000Z");
    const regular = await history(10);
    const later = app.clock.now();
    assert.equal(await unusualHour(app, regular, later, at("2026-03-01T15:00:00Z")), 1);
    // 02:xx, 03:xx and 04:xx UTC are the account's usual hours.
    assert.equal(await unusualHour(app, regular, later, at("2026-03-01T02:05:00Z")), 0);
    assert.equal(await unusualHour(app, regular, later, at("2026-03-01T04:59:00Z")), 0);
    assert.equal(await unusualHour(app, regular, later, at("2026-03-01T05:00:00Z")), 1);
    // Only sessions before the given instant count.
    assert.equal(
      await unusualHour(app, regular, at("2026-02-10T00:00:00Z"), at("2026-03-01T15:00:00Z")),
      0,
    );
  });

  test("unusualHour wraps around midnight", async () => {
    app.clock.set("2026-04-01T23:30:00.000Z");
    const nightOwl = await history(10);
    assert.equal(await unusualHour(app, nightOwl, app.clock.now(), at("2026-05-01T00:15:00Z")), 0);
    assert.equal(await unusualHour(app, nightOwl, app.clock.now(), at("2026-05-01T01:15:00Z")), 1);
  });

  test("fewer than 10 earlier sessions are never unusual", async () => {
    app.clock.set("2026-06-01T03:00:00.000Z");
    const newcomer = await history(9);
    assert.equal(await unusualHour(app, newcomer, app.clock.now(), at("2026-07-01T15:00:00Z")), 0);
  });

  test("features: reported signals, baselines for the rest, server-derived values", async () => {
    const features = await sessionFeatures(
      app,
      {
        id: null,
        address: "0x0000000000000000000000000000000000000001",
        createdAt: app.clock.now(),
        signals: { vpn: 1, proxyHops: 99 },
      },
      app.clock.now(),
    );
    const names = app.risk.features.map((feature) => feature.name);
    assert.deepEqual(Object.keys(features).sort(), [...names].sort());
    assert.equal(features.vpn, 1);
    assert.equal(features.proxyHops, 16, "clamped to the feature's max");
    assert.equal(features.rootedDevice, 0);
    assert.equal(features.amountZScore, 0);
    assert.equal(features.rapidApiCalls, 0);
    assert.equal(features.actionsPerHour, 0);
    assert.equal(features.unusualHour, 0);
    const location = app.risk.features.find((f) => f.name === "locationChangesPerHour")!;
    assert.equal(features.locationChangesPerHour, location.baseline);
  });
});
