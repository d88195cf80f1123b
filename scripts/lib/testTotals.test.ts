import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  add,
  formatCounts,
  hardhatCounts,
  mlCounts,
  slowestFiles,
  vitestCounts,
} from "./testTotals.ts";

describe("test totals", () => {
  it("reads vitest's JSON report, todo tests as skipped", () => {
    const counts = vitestCounts({
      numPassedTests: 600,
      numFailedTests: 2,
      numPendingTests: 3,
      numTodoTests: 1,
    });
    assert.deepEqual(counts, { passed: 600, failed: 2, skipped: 4 });
  });

  it("reads Hardhat's Solidity summary, coloured or not", () => {
    const green = "\u001b[32m943 passing\u001b[39m";
    assert.deepEqual(hardhatCounts(`Ran 30 suites\n\n\n  ${green}\n`), {
      passed: 943,
      failed: 0,
      skipped: 0,
    });
    assert.deepEqual(hardhatCounts("  940 passing\n  3 failing\n  1 skipped\n"), {
      passed: 940,
      failed: 3,
      skipped: 1,
    });
    // A test named "2 passing" inside the output is not the summary.
    assert.deepEqual(hardhatCounts("    ✔ test_2_passing_calls()\n  7 passing\n").passed, 7);
  });

  it("reads the ML suite: unittest's summary plus the two artifact checks", () => {
    const ok = "Ran 25 tests in 3.2s\n\nOK (skipped=1)\nretrain matches\nml:test passed\n";
    assert.deepEqual(mlCounts(ok, 0), { passed: 26, failed: 0, skipped: 1 });
    const failed = "Ran 25 tests in 3.2s\n\nFAILED (failures=2, errors=1)\nml:test FAILED at: x\n";
    assert.deepEqual(mlCounts(failed, 1), { passed: 22, failed: 3, skipped: 0 });
    // The unit tests pass and a check of the artifacts fails.
    const check = "Ran 25 tests in 3.2s\n\nOK\nml:test FAILED: onnxruntime-node vs probe.json\n";
    assert.deepEqual(mlCounts(check, 1), { passed: 25, failed: 1, skipped: 0 });
    // Without Python outside CI the suite says it skipped.
    assert.deepEqual(mlCounts("ml:test SKIPPED: python3 not found\n", 0), {
      passed: 0,
      failed: 0,
      skipped: 1,
    });
  });

  it("adds and prints the totals line", () => {
    const total = add({ passed: 1, failed: 0, skipped: 0 }, { passed: 2, failed: 1, skipped: 0 });
    assert.equal(formatCounts(total), "3 passed, 1 failed");
    assert.equal(formatCounts({ ...total, skipped: 2 }), "3 passed, 1 failed, 2 skipped");
  });

  it("lists the slowest test files first, relative to the root, at most n", () => {
    const report = {
      testResults: [
        { name: "/repo/a.test.ts", startTime: 0, endTime: 2_000 },
        { name: "/repo/b/c.test.ts", startTime: 1_000, endTime: 91_400 },
        { name: "/elsewhere/d.test.ts", startTime: 5, endTime: 12_005 },
        { name: "/repo/never-ran.test.ts" },
      ],
    };
    assert.deepEqual(slowestFiles(report, "/repo/", 3), [
      "   90 s  b/c.test.ts",
      "   12 s  /elsewhere/d.test.ts",
      "    2 s  a.test.ts",
    ]);
    assert.deepEqual(slowestFiles({}, "/repo/"), []);
  });
});
