// Decorates `app.compliance`: the policy, the sanctions list in force (watched for changes) and
// `check`, shared by /v1/compliance and the /v1/admin sanctions routes. Registered in app.ts after
// the risk plugin; a bad policy or sanctions file stops the API at start-up.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type CheckInput, type CheckResult, runCheck } from "./check.ts";
import { type CompliancePolicy, loadPolicy } from "./policy.ts";
import { openSanctionsList, type SanctionsList } from "./sanctionsList.ts";

export type Compliance = {
  policy: CompliancePolicy;
  sanctions: SanctionsList;
  check(input: CheckInput): Promise<CheckResult>;
};

declare module "fastify" {
  interface FastifyInstance {
    /** Compliance checks, policy and sanctions list (compliance/plugin.ts). */
    compliance: Compliance;
  }
}

/** Editors save in bursts of events; one reload per burst. */
const watchDebounceMs = 100;

export const compliancePlugin = fp(
  async (app: FastifyInstance) => {
    const policy = await loadPolicy(app.config.policyFile);
    const sanctions = await openSanctionsList(app.config.sanctionsFile, app.clock).catch(
      (error: Error) => {
        // Refuse to start without a valid list rather than screen against nothing.
        throw new Error(`sanctions list ${app.config.sanctionsFile}: ${error.message}`, {
          cause: error,
        });
      },
    );
    sanctions.events.on("watch_error", (error: Error) =>
      app.log.error({ err: error }, "sanctions file watcher failed; the list in force stays"),
    );
    sanctions.watch({
      debounceMs: watchDebounceMs,
      onReload: async (result) => {
        if (result.ok) app.log.info(result.info, "sanctions list reloaded (file changed)");
        else app.log.error({ err: result.error }, "sanctions reload failed; previous list kept");
        await app.audit
          .append(
            result.ok
              ? {
                  kind: "compliance.sanctions_reloaded",
                  actor: "system",
                  data: { ...result.info, trigger: "watch" },
                }
              : {
                  kind: "compliance.sanctions_reload_failed",
                  actor: "system",
                  data: { trigger: "watch", error: result.error.message },
                },
          )
          .catch((error: unknown) =>
            app.log.error({ err: error }, "audit of sanctions reload failed"),
          );
      },
    });
    app.addHook("onClose", () => sanctions.close());
    app.decorate("compliance", {
      policy,
      sanctions,
      check: (input) =>
        runCheck(
          { db: app.db, clock: app.clock, audit: app.audit, events: app.events, policy, sanctions },
          input,
        ),
    } satisfies Compliance);
  },
  { name: "compliance", dependencies: ["config"] },
);
