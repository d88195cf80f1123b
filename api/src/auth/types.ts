// Who is calling: a signed-in account (SIWE session) or a service holding an API key.
// Set on every request by plugins/auth.ts (`request.principal`, null when anonymous).

export type Role = "user" | "reviewer" | "admin" | "service";

export type SessionStatus = "active" | "challenge_required" | "blocked" | "terminated" | "expired";

export type SessionPrincipal = {
  kind: "session";
  sessionId: string;
  /** Checksummed address. */
  address: `0x${string}`;
  roles: Role[];
  status: SessionStatus;
  risk: { score: number | null; ema: number | null; band: string | null };
};

export type ApiKeyPrincipal = {
  kind: "apiKey";
  keyId: string;
  name: string;
  roles: Role[];
};

export type Principal = SessionPrincipal | ApiKeyPrincipal;

/** The actor string recorded in the audit log for a principal. */
export function actorOf(principal: Principal | null): string {
  if (!principal) return "anonymous";
  return principal.kind === "session" ? principal.address : `apikey:${principal.keyId}`;
}
