// Decorates `app.lightning`: the Lightning bridge (compliance first, then the keeper), used by
// /v1/lightning and by the reviews routes when a lightning_in review is resolved.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type Bridge, createBridge } from "./bridge.ts";
import { createKeeperClient } from "./keeperClient.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The Lightning bridge (lightning/bridge.ts). */
    lightning: Bridge;
  }
}

export const lightningPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate(
      "lightning",
      createBridge({
        keeper: createKeeperClient(app.config.keeper),
        compliance: app.compliance,
        db: app.db,
        log: app.log,
        riskModel: app.risk.version,
      }),
    );
  },
  { name: "lightning", dependencies: ["config", "risk", "compliance"] },
);
