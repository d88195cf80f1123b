import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client.ts";
import { explainError } from "./errors.ts";

describe("explainError", () => {
  it("names the rules compliance denied on", () => {
    const error = new ApiError(403, "compliance.denied", "Refused", {
      decisionId: "x",
      rules: [
        { rule: "kyc.single_limit", outcome: "deny", detail: "$6,000.00 against the limit" },
        { rule: "kyc.daily_limit", outcome: "deny" },
      ],
    });
    const { code, message } = explainError(error);
    expect(code).toBe("compliance.denied");
    expect(message).toBe(
      "Compliance refused this swap: $6,000.00 against the limit; kyc.daily_limit.",
    );
  });

  it("points session problems at the banner and words the bridge's codes", () => {
    expect(explainError(new ApiError(403, "auth.challenge_required", "x")).message).toMatch(
      /banner/,
    );
    expect(explainError(new ApiError(503, "lightning.keeper_unavailable", "x")).message).toMatch(
      /not answering/,
    );
    expect(
      explainError(new ApiError(400, "lightning.wrong_network", "the invoice is for mainnet"))
        .message,
    ).toMatch(/another Lightning network \(the invoice is for mainnet\)/);
  });

  it("keeps unknown messages and survives junk", () => {
    expect(explainError(new ApiError(400, "something.new", "Exact words"))).toEqual({
      code: "something.new",
      message: "Exact words",
    });
    expect(explainError(undefined).code).toBe("error");
    expect(explainError("boom").message).toBe("boom");
    expect(
      explainError(new ApiError(403, "compliance.denied", "x", { rules: "nonsense" })).message,
    ).toBe("Compliance refused this swap.");
  });
});
