// The review page's rules, apart from React: who may see it (from the API's answer, not a guess), what a
// reviewer may do with an item, the reason every resolution needs, the audit chain's verdict in words,
// and the audit export's JSON Lines.

export type Access = "allowed" | "reviewersOnly" | "adminsOnly" | "signIn" | "error";

type ApiErrorLike = { status?: unknown; code?: unknown; message?: unknown; details?: unknown };

/** What a failed read says about access: a 403 for the role is a state of the page, not an error. */
export function accessOf(error: unknown, adminsOnly = false): Access {
  if (!error) return "allowed";
  const { status, code } = error as ApiErrorLike;
  if (status === 403 && code === "auth.forbidden")
    return adminsOnly ? "adminsOnly" : "reviewersOnly";
  if (
    status === 401 ||
    code === "auth.required" ||
    code === "auth.session_expired" ||
    code === "auth.session_invalid"
  ) {
    return "signIn";
  }
  return "error";
}

export const reasonMin = 3;
export const reasonMax = 1000;

export type ReasonCheck = { ok: true; reason: string } | { ok: false; problem: string };

/** Every approval and rejection is recorded with a reason (the API: 3 to 1,000 characters). */
export function checkReason(text: string): ReasonCheck {
  const reason = text.trim();
  if (reason.length === 0) return { ok: false, problem: "Give a reason for your decision." };
  if (reason.length < reasonMin) {
    return { ok: false, problem: `Give a reason of at least ${reasonMin} characters.` };
  }
  if (reason.length > reasonMax) {
    return {
      ok: false,
      problem: `Keep the reason to ${reasonMax.toLocaleString("en-US")} characters (it has ${reason.length.toLocaleString("en-US")}).`,
    };
  }
  return { ok: true, reason };
}

type ItemLike = {
  status: "pending" | "claimed" | "approved" | "rejected";
  claimedBy: string | null;
  account: string;
};

export type ItemAction =
  /** Open: claim it to decide. */
  | "claim"
  /** Claimed by you: approve or reject (or claim again to extend). */
  | "resolve"
  /** Someone else holds the claim. */
  | "claimedByOther"
  /** Your own account's action: someone else must decide. */
  | "ownAccount"
  | "resolved";

export function itemAction(item: ItemLike, me: string | undefined): ItemAction {
  if (item.status === "approved" || item.status === "rejected") return "resolved";
  const mine = (a: string | null | undefined) =>
    a !== null && a !== undefined && me !== undefined && a.toLowerCase() === me.toLowerCase();
  if (mine(item.account)) return "ownAccount";
  if (item.status === "claimed") return mine(item.claimedBy) ? "resolve" : "claimedByOther";
  return "claim";
}

const reviewMessages: Record<string, string> = {
  "review.already_claimed": "Another reviewer holds the claim on this item.",
  "review.not_claimer": "Claim the item before deciding it (your claim may have expired).",
  "review.already_resolved": "This item was already decided.",
  "review.own_account": "You cannot review your own account's actions.",
  "review.not_found": "This review item no longer exists.",
  "auth.forbidden": "This is for reviewers and admins only.",
  "auth.challenge_required":
    "Fluxion needs a fresh signature first: use “Sign to confirm” in the banner above.",
  rate_limited: "Too many requests: wait a moment and try again.",
  "api.unreachable": "The Fluxion API did not answer. Try again.",
};

export function explainReviewError(error: unknown): { code: string; message: string } {
  const e = (error ?? {}) as ApiErrorLike;
  const code = typeof e.code === "string" ? e.code : "error";
  if (code === "review.not_claimer" && (e.details as { claimExpired?: unknown })?.claimExpired) {
    return { code, message: "Your claim expired: claim the item again, then decide." };
  }
  const message = typeof e.message === "string" ? e.message : String(error);
  return { code, message: reviewMessages[code] ?? message };
}

export type VerifyResult = {
  ok: boolean;
  rows: number;
  head?: string;
  brokenAt?: number;
  reason?: string;
};

const breakReasons: Record<string, string> = {
  hash_mismatch: "its hash does not match its contents",
  prev_mismatch: "it does not link to the row before it",
  gap: "a row is missing",
};

/** The audit chain's verdict in words. */
export function describeVerify(result: VerifyResult): { ok: boolean; text: string } {
  const rows = `${result.rows.toLocaleString("en-US")} row${result.rows === 1 ? "" : "s"}`;
  if (result.ok)
    return { ok: true, text: `Verified: ${rows}, every hash links to the one before.` };
  const why = result.reason ? (breakReasons[result.reason] ?? result.reason) : "it does not verify";
  return {
    ok: false,
    text: `Broken at row ${result.brokenAt ?? "?"}: ${why}. ${rows} before it verify.`,
  };
}

export type AuditRow = {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  subject: string | null;
  hash: string;
};

/** The export's JSON Lines, keeping well-formed rows only. */
export function parseAuditLines(text: string): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const row = JSON.parse(line) as Record<string, unknown>;
      if (
        typeof row.seq === "number" &&
        typeof row.at === "string" &&
        typeof row.kind === "string" &&
        typeof row.actor === "string" &&
        typeof row.hash === "string"
      ) {
        rows.push({
          seq: row.seq,
          at: row.at,
          kind: row.kind,
          actor: row.actor,
          subject: typeof row.subject === "string" ? row.subject : null,
          hash: row.hash,
        });
      }
    } catch {
      // A partial or foreign line: skipped.
    }
  }
  return rows;
}

/** An address filter as typed: undefined for empty, false for invalid. */
export function addressFilter(text: string): string | undefined | false {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^0x[0-9a-fA-F]{40}$/.test(trimmed) ? trimmed : false;
}

/** The API's USD strings ("1234.5", "12.00") as "$1,234.50". */
export function formatUsdText(value: string): string {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign, whole, cents = ""] = match;
  return `${sign}$${BigInt(whole!).toLocaleString("en-US")}.${cents.padEnd(2, "0")}`;
}

/** Cursor paging: the cursors of the pages before the current one, and the current one's. */
export type Pager = { previous: (string | undefined)[]; cursor: string | undefined };

export const firstPage: Pager = { previous: [], cursor: undefined };

export function nextPage(pager: Pager, nextCursor: string | null): Pager {
  if (!nextCursor) return pager;
  return { previous: [...pager.previous, pager.cursor], cursor: nextCursor };
}

export function previousPage(pager: Pager): Pager {
  if (pager.previous.length === 0) return pager;
  return { previous: pager.previous.slice(0, -1), cursor: pager.previous.at(-1) };
}
