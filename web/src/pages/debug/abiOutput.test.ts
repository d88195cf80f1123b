import { describe, expect, it } from "vitest";
import type { Param } from "./abiInput.ts";
import {
  bytesHint,
  describeOutputs,
  describeValue,
  displayText,
  intHint,
  safeText,
} from "./abiOutput.ts";

const ctx = {
  decimals: 18,
  addressLabel: (a: string) => (a.endsWith("aa3") ? "BTC/USD feed" : undefined),
};
const addr = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("whole numbers", () => {
  it("stay exact, with the amount at the contract's decimals as a hint", () => {
    const d = describeValue({ type: "uint256", name: "balance" }, 1_500_000_000_000_000_000n, ctx);
    expect(d).toEqual({ kind: "int", text: "1500000000000000000", hint: "≈ 1.5 at 18 decimals" });
    expect(describeValue({ type: "int256" }, -2_000_00000000n, { decimals: 8 })).toEqual({
      kind: "int",
      text: "-200000000000",
      hint: "≈ -2,000 at 8 decimals",
    });
  });
  it("give no amount hint to small numbers or zero", () => {
    expect(intHint(0n, "uint256", "x", 18)).toBeUndefined();
    expect(intHint(42n, "uint8", "decimals", 18)).toBeUndefined();
    expect(intHint(3600n, "uint32", "heartbeat", 18)).toBeUndefined();
  });
  it("name the extremes of a type", () => {
    expect(intHint(2n ** 256n - 1n, "uint256", undefined, 18)).toBe("max uint256");
    expect(intHint(-(2n ** 255n), "int256", undefined, 18)).toBe("min int256");
    expect(intHint(255n, "uint8", undefined, 0)).toBeUndefined();
  });
  it("read timestamps as dates", () => {
    expect(intHint(1_700_000_000n, "uint256", "updatedAt", 18)).toBe(
      "2023-11-14T22:13:20Z (unix time)",
    );
    expect(intHint(1_700_000_000n, "uint256", "latestTimestamp", 18)).toMatch(/unix time/);
    expect(intHint(1_700_000_000n, "uint256", "deadline", 18)).toMatch(/unix time/);
    // Not a time by its name, or not a plausible time by its size.
    expect(intHint(1_700_000_000n, "uint256", "rate", 18)).toBeUndefined();
    expect(intHint(1_700_000_000n, "uint256", "format", 18)).toBeUndefined();
    expect(intHint(10n ** 20n, "uint256", "updatedAt", 18)).toBe("≈ 100 at 18 decimals");
  });
  it("accept numbers as well as bigints, and show anything else as it is", () => {
    expect(describeValue({ type: "uint8" }, 7, ctx)).toMatchObject({ kind: "int", text: "7" });
    expect(describeValue({ type: "uint8" }, "7", ctx)).toEqual({ kind: "unknown", text: "7" });
    expect(describeValue({ type: "uint8" }, null, ctx)).toEqual({ kind: "unknown", text: "null" });
  });
});

describe("addresses, bytes, text and bool", () => {
  it("shortens an address, keeps the full one and names a deployed contract", () => {
    expect(describeValue({ type: "address" }, addr, ctx)).toEqual({
      kind: "address",
      full: addr,
      short: "0x5FbD…0aa3",
      label: "BTC/USD feed",
    });
    expect(describeValue({ type: "address" }, `0x${"0".repeat(40)}`, ctx)).toMatchObject({
      label: "zero address",
    });
    expect(describeValue({ type: "address" }, 42, ctx)).toEqual({ kind: "unknown", text: "42" });
  });
  it("reads text and zero out of bytes", () => {
    const sUSD = `0x73555344${"0".repeat(56)}`;
    expect(bytesHint(sUSD)).toBe('"sUSD" as text');
    expect(bytesHint(`0x${"0".repeat(64)}`)).toBe("zero");
    expect(
      bytesHint("0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6"),
    ).toBeUndefined();
    expect(bytesHint("0x")).toBeUndefined();
    expect(bytesHint("nonsense")).toBeUndefined();
    expect(describeValue({ type: "bytes32" }, sUSD, ctx)).toMatchObject({
      kind: "bytes",
      hint: '"sUSD" as text',
    });
  });
  it("shows bool and string as they are", () => {
    expect(describeValue({ type: "bool" }, true, ctx)).toEqual({ kind: "bool", text: "true" });
    expect(describeValue({ type: "bool" }, "true", ctx)).toEqual({ kind: "unknown", text: "true" });
    expect(describeValue({ type: "string" }, "Fluxion", ctx)).toEqual({
      kind: "string",
      text: "Fluxion",
    });
  });
});

describe("tuples and arrays", () => {
  const breaker: Param = {
    type: "tuple",
    components: [
      { name: "tripped", type: "bool" },
      { name: "inBoundStreak", type: "uint8" },
      { name: "lastRoundId", type: "uint80" },
      { name: "referencePrice", type: "uint128" },
    ],
  };
  it("labels a tuple's fields, from viem's object or a positional list", () => {
    const fromObject = describeValue(
      breaker,
      { tripped: false, inBoundStreak: 0, lastRoundId: 3n, referencePrice: 2000n * 10n ** 18n },
      ctx,
    );
    const fromList = describeValue(breaker, [false, 0, 3n, 2000n * 10n ** 18n], ctx);
    expect(fromObject).toEqual(fromList);
    expect(displayText(fromObject)).toBe(
      "{tripped: false, inBoundStreak: 0, lastRoundId: 3, referencePrice: 2000000000000000000000}",
    );
    expect(fromObject.kind === "tuple" && fromObject.fields[3]?.value).toMatchObject({
      hint: "≈ 2,000 at 18 decimals",
    });
  });
  it("numbers array items and nests", () => {
    const d = describeValue({ type: "uint8[][]" }, [[1n], [], [2n, 3n]], ctx);
    expect(displayText(d)).toBe("[[1], [], [2, 3]]");
    const tuples = describeValue({ ...breaker, type: "tuple[]" }, [[true, 1, 1n, 1n]], ctx);
    expect(tuples).toMatchObject({ kind: "list", items: [{ kind: "tuple" }] });
  });
  it("never throws on results that do not match their type", () => {
    expect(describeValue({ type: "uint8[]" }, "nope", ctx)).toEqual({
      kind: "unknown",
      text: "nope",
    });
    expect(describeValue(breaker, null, ctx)).toEqual({ kind: "unknown", text: "null" });
    expect(describeValue(breaker, [1], ctx)).toMatchObject({ kind: "tuple" });
    let deep: unknown = 1n;
    for (let i = 0; i < 40; i++) deep = [deep];
    const deepType: Param = { type: `uint8${"[]".repeat(40)}` };
    expect(() => displayText(describeValue(deepType, deep, ctx))).not.toThrow();
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => safeText(cyclic)).not.toThrow();
    expect(safeText({ a: 1n })).toBe('{"a":"1"}');
    expect(safeText("x".repeat(5000)).length).toBeLessThan(2010);
  });
});

describe("a function's outputs", () => {
  it("one output is the result itself; an unnamed one takes the function's name for hints", () => {
    const rows = describeOutputs(
      [{ type: "uint256", name: "" }],
      1_700_000_000n,
      ctx,
      "latestTimestamp",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.label).toBe("result");
    expect(rows[0]?.value).toMatchObject({ kind: "int", hint: expect.stringMatching(/unix time/) });
  });
  it("several outputs are labelled by name or position", () => {
    const rows = describeOutputs(
      [
        { name: "roundId", type: "uint80" },
        { name: "answer", type: "int256" },
        { name: "", type: "uint256" },
      ],
      [5n, 200000000000n, 1n],
      { decimals: 8 },
    );
    expect(rows.map((r) => r.label)).toEqual(["roundId", "answer", "[2]"]);
    expect(rows[1]?.value).toMatchObject({ hint: "≈ 2,000 at 8 decimals" });
    expect(describeOutputs([], undefined, ctx)).toEqual([]);
    expect(describeOutputs([{ type: "uint8" }, { type: "uint8" }], "garbage", ctx)).toHaveLength(2);
  });
});
