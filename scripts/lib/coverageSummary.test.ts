import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { lcovTotals, summaryByPart } from "./coverageSummary.ts";

describe("coverage summary", () => {
  it("sums the lines of every lcov record", () => {
    const lcov = [
      "TN:",
      "SF:contracts/src/A.sol",
      "DA:3,1",
      "LH:9",
      "LF:10",
      "end_of_record",
      "SF:contracts/src/B.sol",
      "LH:0",
      "LF:4",
      "end_of_record",
    ].join("\n");
    assert.deepEqual(lcovTotals(lcov), { lines: { covered: 9, total: 14 } });
  });

  it("groups vitest's per-file summary by part, skipping the total and files outside the parts", () => {
    const metrics = (covered: number, total: number) => ({
      lines: { covered, total },
      statements: { covered, total },
      branches: { covered: 1, total: 2 },
      functions: { covered: 1, total: 1 },
    });
    const byPart = summaryByPart(
      {
        total: metrics(100, 100),
        "/repo/api/src/app.ts": metrics(8, 10),
        "/repo/api/src/routes/x.ts": metrics(2, 10),
        "/repo/keepers/src/main.ts": metrics(0, 5),
        "/repo/elsewhere/y.ts": metrics(1, 1),
      },
      "/repo",
    );
    assert.deepEqual(Object.keys(byPart), ["api/src", "keepers/src"]);
    assert.deepEqual(byPart["api/src"]!.lines, { covered: 10, total: 20 });
    assert.deepEqual(byPart["api/src"]!.branches, { covered: 2, total: 4 });
    assert.deepEqual(byPart["keepers/src"]!.lines, { covered: 0, total: 5 });
  });
});
