// The API's client of a keeper's internal HTTP: the bridge keeper's (keepers/src/http/server.ts) and,
// with its own error codes, the scheduled keepers' (keepers/src/jobs/http.ts, routes/v1/admin/keepers.ts).
// The keeper's own client errors (bad invoice, used payment hash, unknown swap or job...) pass through
// with their status and code; a keeper that is down, slow or failing is 503 lightning.keeper_unavailable,
// and a bridge that is not configured (no KEEPER_URL) is 503 lightning.unavailable.
import { ApiError, unavailable } from "../errors.ts";

export type KeeperSwap = {
  paymentHash: string;
  direction: "mint" | "burn";
  state: string;
  chainId: number;
  account: string;
  synth: string;
  sats: string;
  amount: string;
  fee: string;
  quotedAt: number;
  timelock: number | null;
  refundableAt: number | null;
  cltvDelta: number | null;
  invoice: string | null;
  invoiceExpiresAt: number | null;
  preimage: string | null;
  failure: { code: string; message: string | null } | null;
  createdAt: string;
  updatedAt: string;
};

export type KeeperQuote = {
  paymentHash?: string;
  synth: string;
  sats: string;
  amount: string;
  fee: string;
  usdCents: string;
  quotedAt: number;
  timelock?: number;
  invoiceExpiresAt?: number;
  cltvDelta?: number;
};

export type KeeperClient = {
  readonly configured: boolean;
  request<T>(method: "GET" | "POST", path: string, body?: Record<string, unknown>): Promise<T>;
};

/** The 503s of a keeper that is not configured, and of one that is down, slow or failing. */
export type KeeperErrors = {
  notConfigured: { code: string; message: string };
  unavailable: { code: string; what: string };
};

const bridgeErrors: KeeperErrors = {
  notConfigured: {
    code: "lightning.unavailable",
    message: "The Lightning bridge is not configured on this API (KEEPER_URL)",
  },
  unavailable: { code: "lightning.keeper_unavailable", what: "The Lightning bridge" },
};

export function createKeeperClient(
  keeper: { url: string; serviceKey: string } | undefined,
  options: { timeoutMs?: number; errors?: KeeperErrors } = {},
): KeeperClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const errors = options.errors ?? bridgeErrors;
  return {
    configured: keeper !== undefined,
    async request<T>(method: "GET" | "POST", path: string, body?: Record<string, unknown>) {
      if (!keeper) {
        throw unavailable(errors.notConfigured.code, errors.notConfigured.message);
      }
      let response: Response;
      try {
        response = await fetch(`${keeper.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${keeper.serviceKey}`,
            ...(body ? { "content-type": "application/json" } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw unavailable(errors.unavailable.code, `${errors.unavailable.what} did not answer`, {
          cause: error,
          headers: { "retry-after": "5" },
        });
      }
      const payload = (await response.json().catch(() => null)) as
        | (T & { error?: { code?: string; message?: string } })
        | null;
      if (response.ok && payload !== null) return payload;
      const error = payload?.error;
      if (
        response.status >= 400 &&
        response.status < 500 &&
        response.status !== 401 &&
        error?.code
      ) {
        throw new ApiError(response.status, error.code, error.message ?? error.code);
      }
      // 401 means our service key is wrong: an operator's problem, not the caller's.
      throw unavailable(
        errors.unavailable.code,
        `${errors.unavailable.what} failed (${response.status}${error?.code ? ` ${error.code}` : ""})`,
        { headers: { "retry-after": "5" } },
      );
    },
  };
}
