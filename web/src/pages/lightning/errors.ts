// The API's error codes for Lightning requests, as sentences a person can act on. Session codes point at
// the header's banner (it handles challenges, blocks and expiry); everything unknown keeps the API's own
// message, and the code is always shown beside it.

export type Explained = { code: string; message: string };

type ApiErrorLike = { code?: unknown; message?: unknown; details?: unknown; status?: unknown };

const messages: Record<string, string> = {
  "auth.challenge_required":
    "Fluxion needs a fresh signature before this: use “Sign to confirm” in the banner above, then try again.",
  "auth.session_blocked": "This session was blocked by Fluxion's risk checks.",
  "auth.session_expired": "Your session has expired: sign in again (banner above).",
  "auth.session_invalid": "Your session has ended: sign in again.",
  "auth.required": "Sign in first (the button at the top right).",
  "lightning.keeper_unavailable":
    "The Lightning bridge is not answering right now. Try again in a minute.",
  "lightning.unavailable": "This Fluxion API has no Lightning bridge configured.",
  "lightning.unreachable": "The bridge's Lightning node is not answering. Try again in a minute.",
  "lightning.payment_hash_used": "This payment hash was used before. Start a new swap.",
  "lightning.invalid_invoice": "That is not a valid Lightning invoice.",
  "lightning.invoice_expired":
    "The invoice has expired (or expires within a minute). Create a new one.",
  "lightning.amount_required":
    "The invoice names no amount: create one for the number of sats you want.",
  "lightning.amount_not_whole_sats":
    "The invoice asks for a fraction of a satoshi: the bridge pays whole satoshis only.",
  "lightning.no_route":
    "The bridge found no route to the invoice's payee. Check the invoice comes from a reachable node.",
  "lightning.synth_not_allowed": "The bridge does not take that synth.",
  "lightning.amount_too_small": "That many sats buy nothing: ask for more.",
  "lightning.quote_refused": "The gateway cannot price this synth right now.",
  "lightning.quote_failed": "The chain did not answer the quote. Try again.",
  "lightning.account_forbidden": "Swaps are only for your own account.",
  "lightning.swap_not_found": "Fluxion knows no such swap for your account.",
  "lightning.preimage_mismatch": "The secret kept in this browser does not match this swap.",
  "lightning.too_late": "It is too late to pay this invoice safely before the lock's timelock.",
  "compliance.reference_conflict":
    "This payment hash was checked for a smaller amount. Start a new swap.",
  rate_limited: "Too many requests: wait a moment and try again.",
  "api.unreachable": "The Fluxion API did not answer. Check your connection and try again.",
};

/** A readable message for a failed API call (an ApiError or anything thrown). */
export function explainError(error: unknown): Explained {
  const e = (error ?? {}) as ApiErrorLike;
  const code = typeof e.code === "string" ? e.code : "error";
  const raw = typeof e.message === "string" ? e.message : String(error);
  if (code === "compliance.denied") {
    const rules = ((e.details as { rules?: unknown } | undefined)?.rules ?? []) as {
      rule?: unknown;
      detail?: unknown;
    }[];
    const reasons = Array.isArray(rules)
      ? rules
          .map((r) => (typeof r.detail === "string" ? r.detail : String(r.rule ?? "")))
          .filter(Boolean)
      : [];
    return {
      code,
      message: `Compliance refused this swap${reasons.length ? `: ${reasons.join("; ")}` : ""}.`,
    };
  }
  if (code === "lightning.wrong_network") {
    return { code, message: `That invoice is for another Lightning network (${raw}).` };
  }
  if (code === "lightning.invoice_cltv_too_long") {
    return { code, message: `The invoice's time lock is too long for the bridge: ${raw}.` };
  }
  return { code, message: messages[code] ?? raw };
}
