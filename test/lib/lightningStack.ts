// The Lightning bridge behind the API, all in one process for tests and the benchmark: the protocol on an
// in-process Hardhat chain with two dev Lightning nodes (bridgeFixture), one keeper (PGlite) with its
// internal HTTP and its event publisher, and the API listening on a free port, wired as `npm run dev`
// wires them (KEEPER_URL + service key one way, signed ingress the other).
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { type App, buildApp } from "../../api/src/app.ts";
import { loadConfig } from "../../api/src/config.ts";
import type { BridgeSettings } from "../../keepers/src/bridge/settings.ts";
import { migrate } from "../../keepers/src/db/migrate.ts";
import { openSql } from "../../keepers/src/db/sql.ts";
import { EventPublisher } from "../../keepers/src/events/publisher.ts";
import { createKeeperHttp } from "../../keepers/src/http/server.ts";
import { logger, startBridgeFixture } from "../../keepers/src/testing/bridgeFixture.ts";

export type LightningStack = Awaited<ReturnType<typeof startLightningStack>>;

export async function startLightningStack(
  options: { apiEnv?: Record<string, string>; keeperSettings?: Partial<BridgeSettings> } = {},
) {
  const serviceKey = randomBytes(32).toString("hex");
  const ingressSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const f = await startBridgeFixture();
  const sql = await openSql({ dataDir: "memory://" });
  await migrate(sql);
  const keeper = await f.startKeeper(sql, "k1", 7, options.keeperSettings ?? {}, { watch: true });
  await keeper.start();
  const keeperHttp = createKeeperHttp({
    service: keeper.service,
    store: keeper.store,
    serviceKey,
    logger,
    wake: (hash) => keeper.keeper.wake(hash, { direct: true }),
  });
  await new Promise<void>((resolve) => keeperHttp.listen(0, "127.0.0.1", resolve));
  const keeperUrl = `http://127.0.0.1:${(keeperHttp.address() as AddressInfo).port}`;

  const app: App = await buildApp({
    config: loadConfig({
      API_LOG_LEVEL: "silent",
      API_DATA_DIR: "memory://",
      KEEPER_URL: keeperUrl,
      KEEPER_SERVICE_KEY: serviceKey,
      API_INGRESS_SECRETS: `keeper=${ingressSecret}`,
      ...options.apiEnv,
    }),
    logger: false,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const publisher = new EventPublisher({
    sql,
    url: `${apiUrl}/v1/webhooks/keeper`,
    secret: ingressSecret,
    owner: "k1",
    logger,
    idleMs: 20,
  });
  publisher.start();

  return {
    f,
    sql,
    keeper,
    app,
    apiUrl,
    ingressSecret,
    async close() {
      await publisher.stop();
      await app.close();
      keeperHttp.close();
      await keeper.stop();
      await sql.close();
      await f.close();
    },
  };
}
