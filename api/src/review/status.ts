// A review item's status as of a moment: a claim whose time ran out puts the item back to pending
// without anyone having to write that down.
export type ReviewStatus = "pending" | "claimed" | "approved" | "rejected";

/** Claims lapse after 30 minutes of app.clock. */
export const claimTtlMs = 30 * 60_000;

export function reviewStatusAt(
  row: { status: string; claimExpiresAt: Date | null },
  now: Date,
): ReviewStatus {
  if (row.status === "claimed") {
    return row.claimExpiresAt && row.claimExpiresAt > now ? "claimed" : "pending";
  }
  return row.status as ReviewStatus;
}
