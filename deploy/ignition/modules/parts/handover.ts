// Last step of every deployment: the Timelock receives every role the deployer held for setup,
// then the deployer renounces them all. Tests assert the deployer ends with no role anywhere.
import type { Future } from "@nomicfoundation/ignition-core";
import { type AnyContract, type Context, DEFAULT_ADMIN_ROLE, futureId } from "./context.ts";

export function handOver(ctx: Context, timelock: AnyContract): void {
  const { m, deployer } = ctx;
  const grants: Future[] = [];
  for (const h of ctx.held) {
    if (h.giveTo !== "timelock") continue;
    grants.push(
      m.call(h.contract, "grantRole", [h.role, timelock], {
        id: futureId("Handover_grant", h.label, roleLabel(h.role)),
        after: ctx.setup,
      }),
    );
  }
  // Renounce non-admin roles first, the admin role last, per contract.
  const ordered = [...ctx.held].sort(
    (a, b) => Number(a.role === DEFAULT_ADMIN_ROLE) - Number(b.role === DEFAULT_ADMIN_ROLE),
  );
  for (const h of ordered) {
    m.call(h.contract, "renounceRole", [h.role, deployer], {
      id: futureId("Handover_renounce", h.label, roleLabel(h.role)),
      after: [...ctx.setup, ...grants],
    });
  }
}

const roleLabel = (role: string) => (role === DEFAULT_ADMIN_ROLE ? "admin" : role.slice(2, 10));
