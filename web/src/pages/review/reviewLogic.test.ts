import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client.ts";
import {
  accessOf,
  addressFilter,
  checkReason,
  describeVerify,
  explainReviewError,
  firstPage,
  formatUsdText,
  itemAction,
  nextPage,
  parseAuditLines,
  previousPage,
} from "./reviewLogic.ts";

const me = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("access", () => {
  it("turns the API's 403 for the role into a reviewers-only state, not an error", () => {
    expect(accessOf(null)).toBe("allowed");
    expect(accessOf(new ApiError(403, "auth.forbidden", "Requires role reviewer or admin"))).toBe(
      "reviewersOnly",
    );
    expect(accessOf(new ApiError(403, "auth.forbidden", "Requires role admin"), true)).toBe(
      "adminsOnly",
    );
    expect(accessOf(new ApiError(401, "auth.required", "Sign in"))).toBe("signIn");
    expect(accessOf(new ApiError(401, "auth.session_expired", "x"))).toBe("signIn");
    // Another 403 (a blocked session, a challenge) is not the role.
    expect(accessOf(new ApiError(403, "auth.session_blocked", "x"))).toBe("error");
    expect(accessOf(new ApiError(500, "api.unavailable", "x"))).toBe("error");
    expect(accessOf("weird")).toBe("error");
  });
});

describe("reasons", () => {
  it("requires 3 to 1,000 characters that are not all spaces", () => {
    expect(checkReason("")).toEqual({ ok: false, problem: "Give a reason for your decision." });
    expect(checkReason("     \n\t ")).toEqual({
      ok: false,
      problem: "Give a reason for your decision.",
    });
    expect(checkReason(" ok ")).toMatchObject({ ok: false, problem: /at least 3/ });
    expect(checkReason("  known customer  ")).toEqual({ ok: true, reason: "known customer" });
    expect(checkReason("x".repeat(1000))).toMatchObject({ ok: true });
    expect(checkReason("x".repeat(1001))).toMatchObject({ ok: false, problem: /1,000.*1,001/ });
    expect(checkReason("<img src=x onerror=alert(1)>")).toMatchObject({ ok: true });
  });
});

describe("what a reviewer may do", () => {
  const item = (
    status: "pending" | "claimed" | "approved" | "rejected",
    claimedBy: string | null,
  ) => ({
    status,
    claimedBy,
    account: other,
  });
  it("claims open items, resolves own claims, waits for others'", () => {
    expect(itemAction(item("pending", null), me)).toBe("claim");
    // A lapsed claim comes back as pending: anyone may claim it.
    expect(itemAction(item("pending", other), me)).toBe("claim");
    expect(itemAction(item("claimed", me.toLowerCase()), me)).toBe("resolve");
    expect(itemAction(item("claimed", other), me)).toBe("claimedByOther");
    expect(itemAction(item("approved", me), me)).toBe("resolved");
    expect(itemAction(item("rejected", null), me)).toBe("resolved");
    expect(itemAction({ status: "pending", claimedBy: null, account: me }, me)).toBe("ownAccount");
    expect(itemAction(item("claimed", other), undefined)).toBe("claimedByOther");
  });

  it("words the review errors", () => {
    expect(explainReviewError(new ApiError(409, "review.already_claimed", "x")).message).toMatch(
      /Another reviewer/,
    );
    expect(
      explainReviewError(new ApiError(403, "review.not_claimer", "x", { claimExpired: true }))
        .message,
    ).toMatch(/expired/);
    expect(explainReviewError(new ApiError(400, "request.invalid", "body/reason must"))).toEqual({
      code: "request.invalid",
      message: "body/reason must",
    });
    expect(explainReviewError(undefined).code).toBe("error");
  });
});

describe("audit", () => {
  it("says verified, or where the chain broke", () => {
    expect(describeVerify({ ok: true, rows: 1234, head: "ab" })).toEqual({
      ok: true,
      text: "Verified: 1,234 rows, every hash links to the one before.",
    });
    expect(describeVerify({ ok: true, rows: 1 }).text).toMatch(/1 row,/);
    expect(describeVerify({ ok: false, rows: 41, brokenAt: 42, reason: "hash_mismatch" })).toEqual({
      ok: false,
      text: "Broken at row 42: its hash does not match its contents. 41 rows before it verify.",
    });
    expect(describeVerify({ ok: false, rows: 0, brokenAt: 1, reason: "gap" }).text).toMatch(
      /row 1: a row is missing/,
    );
    expect(describeVerify({ ok: false, rows: 3 }).text).toMatch(/row \?: it does not verify/);
  });

  it("reads the export's lines and skips junk", () => {
    const good = JSON.stringify({
      seq: 7,
      at: "2025-01-01T00:00:00.000Z",
      kind: "review.approved",
      actor: me,
      subject: other,
      data: {},
      prevHash: "0",
      hash: "ff",
    });
    const rows = parseAuditLines(`${good}\n\n{"seq":"8"}\nnot json\n${good.replace("7", "9")}\n{`);
    expect(rows.map((r) => r.seq)).toEqual([7, 9]);
    expect(rows[0]).toMatchObject({ kind: "review.approved", subject: other, hash: "ff" });
    expect(parseAuditLines("")).toEqual([]);
  });
});

describe("filters and paging", () => {
  it("takes an address or nothing", () => {
    expect(addressFilter("")).toBeUndefined();
    expect(addressFilter(`  ${me}  `)).toBe(me);
    expect(addressFilter("0x123")).toBe(false);
    expect(addressFilter(`${me}00`)).toBe(false);
    expect(addressFilter("vitalik.eth")).toBe(false);
  });

  it("formats the API's USD strings", () => {
    expect(formatUsdText("1234.5")).toBe("$1,234.50");
    expect(formatUsdText("12")).toBe("$12.00");
    expect(formatUsdText("1000000.00")).toBe("$1,000,000.00");
    expect(formatUsdText("garbage")).toBe("garbage");
  });

  it("pages forward and back by cursor", () => {
    let pager = nextPage(firstPage, "c1");
    pager = nextPage(pager, "c2");
    expect(pager).toEqual({ previous: [undefined, "c1"], cursor: "c2" });
    expect(nextPage(pager, null)).toBe(pager);
    pager = previousPage(pager);
    expect(pager).toEqual({ previous: [undefined], cursor: "c1" });
    pager = previousPage(pager);
    expect(pager).toEqual(firstPage);
    expect(previousPage(firstPage)).toBe(firstPage);
  });
});
