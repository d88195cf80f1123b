// The roles a signed-in account holds: configured admins (API_ADMINS) are always admin + user;
// everyone else holds their stored account role plus "user".
import type { Role } from "./types.ts";

export const accountRoles = ["user", "reviewer", "admin"] as const;
export type AccountRole = (typeof accountRoles)[number];

export function isAccountRole(value: unknown): value is AccountRole {
  return (accountRoles as readonly unknown[]).includes(value);
}

export function effectiveRoles(
  address: string,
  storedRole: string | null | undefined,
  admins: readonly string[],
): Role[] {
  if (admins.includes(address)) return ["admin", "user"];
  const role = isAccountRole(storedRole) ? storedRole : "user";
  return role === "user" ? ["user"] : [role, "user"];
}
